/* CMicroHTTPD shim: libmicrohttpd's header plus the few static inline wrappers for what Swift cannot
 * import (variadic functions, macros defined through casts). Nothing else belongs here. */
#ifndef CMICROHTTPD_SHIM_H
#define CMICROHTTPD_SHIM_H

#include <sys/types.h>
#include <sys/socket.h>
#include <stdint.h>
#include <stdarg.h>
#include <microhttpd.h>

/* MHD_start_daemon is variadic, which Swift cannot call: this fixes the option list MicroHTTP uses. */
static inline struct MHD_Daemon *cmhd_start_daemon(unsigned int flags,
                                                   const struct sockaddr *address,
                                                   MHD_AccessHandlerCallback handler, void *handler_cls,
                                                   MHD_RequestCompletedCallback completed, void *completed_cls,
                                                   MHD_LogCallback logger, void *logger_cls,
                                                   size_t (*unescape)(void *, struct MHD_Connection *, char *),
                                                   unsigned int thread_pool_size,
                                                   unsigned int connection_limit,
                                                   unsigned int connection_timeout_seconds,
                                                   size_t connection_memory_limit) {
    return MHD_start_daemon(flags, 0, NULL, NULL, handler, handler_cls,
                            MHD_OPTION_EXTERNAL_LOGGER, logger, logger_cls,
                            MHD_OPTION_SOCK_ADDR, address,
                            MHD_OPTION_NOTIFY_COMPLETED, completed, completed_cls,
                            MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
                            MHD_OPTION_THREAD_POOL_SIZE, thread_pool_size,
                            MHD_OPTION_CONNECTION_LIMIT, connection_limit,
                            MHD_OPTION_CONNECTION_TIMEOUT, connection_timeout_seconds,
                            MHD_OPTION_CONNECTION_MEMORY_LIMIT, connection_memory_limit,
                            MHD_OPTION_END);
}

/* MHD_get_daemon_info is variadic: returns the bound port (0 when unknown). */
static inline uint16_t cmhd_bind_port(struct MHD_Daemon *daemon) {
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
    return info == NULL ? 0 : info->port;
}

/* MHD_get_connection_info is variadic: returns the connection's socket (-1 when unknown). */
static inline int cmhd_connection_fd(struct MHD_Connection *connection) {
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
    return info == NULL ? -1 : info->connect_fd;
}

/* MHD_CONTENT_READER_END_OF_STREAM is a macro with a cast, which Swift does not import. */
static inline ssize_t cmhd_end_of_stream(void) { return MHD_CONTENT_READER_END_OF_STREAM; }

/* MHD_CONTENT_READER_END_WITH_ERROR is a macro with a cast, which Swift does not import. */
static inline ssize_t cmhd_end_with_error(void) { return MHD_CONTENT_READER_END_WITH_ERROR; }

/* MHD_SIZE_UNKNOWN is defined through UINT64_MAX, a macro Swift does not import. */
static inline uint64_t cmhd_size_unknown(void) { return MHD_SIZE_UNKNOWN; }

#endif
