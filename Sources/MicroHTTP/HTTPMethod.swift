// HTTPMethod: the closed set of request methods MicroHTTP routes.

/// An HTTP request method that MicroHTTP understands.
///
/// Requests with any other method are answered `501 Not Implemented` by the server before routing.
public enum HTTPMethod: String, Sendable, Hashable, CaseIterable {
    /// Reads a resource.
    case GET
    /// Reads a resource's headers only; the router falls back to the `GET` route.
    case HEAD
    /// Creates a resource or starts work.
    case POST
    /// Replaces a resource.
    case PUT
    /// Partially updates a resource.
    case PATCH
    /// Deletes a resource.
    case DELETE
    /// Asks which methods a resource allows.
    case OPTIONS
}
