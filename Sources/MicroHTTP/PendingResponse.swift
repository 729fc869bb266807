// PendingResponse: the promise a deferred handler completes from any thread; it resumes the
// suspended libmicrohttpd connection exactly once.

import CMicroHTTPD
import Synchronization

/// A request waiting for its answer; complete it exactly once, from any thread.
///
/// Obtained from `Reply.deferred`. Completing after the server shut down (which answers every waiting
/// request itself) is harmless and returns false.
public final class PendingResponse: Sendable {
    /// Identifies the entry in the server's registry of waiting requests.
    let id: UInt64
    /// The `MHD_Connection *` as a bit pattern. Valid while suspended: libmicrohttpd never frees a
    /// suspended connection, and the server resumes every one before stopping the daemon.
    private let connection: Int
    private let registry: SuspendedRegistry
    private let state = Mutex(PendingState())

    init(id: UInt64, connection: Int, registry: SuspendedRegistry) {
        self.id = id
        self.connection = connection
        self.registry = registry
    }

    /// Answers the suspended request; the first call wins, later calls return false.
    @discardableResult
    public func complete(_ response: Response) -> Bool {
        let accepted = state.withLock { state -> Bool in
            switch state.complete(with: response) {
            case .stored:
                return true
            case .resume:
                // Resumed under the lock so that shutdown, which completes every entry, cannot stop
                // the daemon between our transition and this call.
                MHD_resume_connection(OpaquePointer(bitPattern: connection))
                return true
            case .alreadyCompleted:
                return false
            }
        }
        if accepted { registry.remove(id) }
        return accepted
    }

    /// Called by the access handler once `start` returned: answers now or suspends the connection.
    func startReturned() -> Response? {
        state.withLock { state -> Response? in
            switch state.startReturned() {
            case .answer(let response):
                return response
            case .suspend:
                // Suspended under the lock so that a concurrent `complete` resumes only after this.
                MHD_suspend_connection(OpaquePointer(bitPattern: connection))
                return nil
            }
        }
    }

    /// Called by the access handler when libmicrohttpd resumed the connection.
    func takeResumedResponse() -> Response? {
        state.withLock { $0.takeResumedResponse() }
    }
}
