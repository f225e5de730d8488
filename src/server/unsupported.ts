/**
 * The one place answering for features later modules provide: record UDFs.
 * Each answers as a server refusing the request would (PARAMETER, 4); a
 * module that implements a feature replaces its entry here.
 */
import type { UdfHandler } from './handler-types.js'
import { headerReply } from './msg/response.js'

const PARAMETER = 4

/** Record UDF: refused. */
export const udfHandler: UdfHandler = () => headerReply(PARAMETER)
