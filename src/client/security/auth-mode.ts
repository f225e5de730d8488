/** Authentication modes (aerospike-py's AUTH_* names and values): how LOGIN proves who the client is. */

/** Internal users: LOGIN sends the user and the bcrypt hash of the password (default). */
export const AUTH_INTERNAL = 0
/** External users (LDAP): LOGIN also sends the clear password, so TLS is required. */
export const AUTH_EXTERNAL = 1
/** PKI: the client's TLS certificate names the user; LOGIN sends no user or password. TLS with a client certificate is required. */
export const AUTH_PKI = 2
