/** The codec's error types: bytes that do not decode, values that cannot be encoded. */

/**
 * Thrown by every decoder in `src/protocol` when input bytes are truncated,
 * oversized or carry an unknown id. Callers treat it as "the peer sent garbage":
 * the client closes the connection, the server answers PARAMETER (4) or closes.
 */
export class ParseError extends Error {
  override name = 'ParseError'
}

/**
 * Thrown by encoders for a value the wire format cannot carry (a function,
 * an integer beyond 64 bits, a bin name over 15 bytes...). The client turns it
 * into InvalidArgError before anything is sent.
 */
export class EncodeError extends Error {
  override name = 'EncodeError'
}
