// ValueTypeTests: HTTPHeaders, problem JSON, Request query handling and the deferred-reply state machine.

import Testing

@testable import MicroHTTP

@Suite struct ValueTypeTests {
    @Test func headersAreCaseInsensitiveAndOrdered() {
        var headers: HTTPHeaders = ["Content-Type": "text/plain"]
        #expect(headers["content-type"] == "text/plain")
        headers.add("Set-Cookie", "a=1")
        headers.add("set-cookie", "b=2")
        #expect(headers.values(for: "SET-COOKIE") == ["a=1", "b=2"])
        headers.set("SET-cookie", "c=3")
        #expect(headers.values(for: "Set-Cookie") == ["c=3"])
        headers["content-TYPE"] = nil
        #expect(!headers.contains("Content-Type"))
        #expect(headers.count == 1)
    }

    @Test func problemJSONEscapes() {
        let response = Response.problem(.badRequest, detail: "bad \"x\"\n\\ \u{1}")
        guard case .bytes(let bytes) = response.body else {
            Issue.record("not bytes")
            return
        }
        #expect(
            String(decoding: bytes, as: UTF8.self)
                == #"{"type":"about:blank","title":"Bad Request","status":400,"detail":"bad \"x\"\n\\ \u0001"}"#)
        #expect(response.headers["Content-Type"] == "application/problem+json")
    }

    @Test func queryLastValueWins() {
        let request = Request(method: .GET, path: "/", queryItems: [("a", "1"), ("b", ""), ("a", "2")])
        #expect(request.query == ["a": "2", "b": ""])
        #expect(request.queryItems.count == 3)
    }

    @Test func pendingCompletedWhileStartingAnswersWithoutSuspending() {
        var state = PendingState()
        #expect(state.complete(with: .text("early")) == .stored)
        #expect(state.complete(with: .text("late")) == .alreadyCompleted)
        guard case .answer(let response) = state.startReturned() else {
            Issue.record("expected answer")
            return
        }
        #expect(response.status == .ok)
        #expect(state.takeResumedResponse() == nil)
    }

    @Test func pendingCompletedAfterSuspensionResumesOnce() {
        var state = PendingState()
        guard case .suspend = state.startReturned() else {
            Issue.record("expected suspend")
            return
        }
        #expect(state.takeResumedResponse() == nil)
        #expect(state.complete(with: .text("done")) == .resume)
        #expect(state.complete(with: .text("again")) == .alreadyCompleted)
        #expect(state.takeResumedResponse() != nil)
        #expect(state.takeResumedResponse() == nil)
    }

    @Test func statusPhrases() {
        #expect(HTTPStatus.payloadTooLarge.reasonPhrase == "Content Too Large")
        #expect(HTTPStatus(rawValue: 299).reasonPhrase == "Status 299")
    }
}
