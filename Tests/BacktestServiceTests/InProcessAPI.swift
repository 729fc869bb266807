// The API's router assembled in-process for handler tests, on a store the test owns. Workers are never
// started: submitted jobs stay queued, which is what these tests need.
import Logging
import MicroHTTP

@testable import BacktestService

/// Builds the service's routes without a socket or engine workers.
enum InProcessAPI {
    /// The router of a `BacktestAPI` over `store`, with the default configuration.
    static func router(store: InMemoryStore = InMemoryStore(), label: String = "api-test") -> Router {
        let configuration = ServiceConfiguration()
        let logger = Logger(label: label)
        let scheduler = JobScheduler(store: store, configuration: configuration, clock: .system, logger: logger)
        return BacktestAPI(
            store: store, scheduler: scheduler, configuration: configuration, clock: .system, logger: logger
        ).router
    }
}
