// AcceptHeader: the media ranges of an `Accept` field with their weights, and choosing the best of
// the representations a handler offers (proactive negotiation, RFC 9110 §12.5.1).

/// A parsed `Accept` header: media ranges such as `text/html`, `text/*` or `*/*`, each with a weight.
///
/// Parameters other than `q` are ignored; a malformed weight counts as `1`, a malformed range is skipped.
public struct AcceptHeader: Sendable, Equatable {
    /// One media range and its weight.
    public struct Range: Sendable, Equatable {
        /// The type, lower-cased, or `*`.
        public var type: String
        /// The subtype, lower-cased, or `*`.
        public var subtype: String
        /// The weight, 0...1; 0 means "not acceptable".
        public var quality: Double
    }

    /// How a client weighs one media type: the weight of the most specific range that matches it.
    public struct Preference: Sendable, Equatable, Comparable {
        /// The weight, 0 when no range matches.
        public var quality: Double
        /// 2 when the client named the type, 1 for `type/*`, 0 for `*/*` (or no match).
        public var specificity: Int

        /// Higher weight first, then the range named more precisely.
        public static func < (lhs: Preference, rhs: Preference) -> Bool {
            (lhs.quality, lhs.specificity) < (rhs.quality, rhs.specificity)
        }
    }

    /// The ranges in the order the client sent them.
    public var ranges: [Range]

    /// Parses the value of an `Accept` field (`text/html,application/xhtml+xml;q=0.9,*/*;q=0.8`).
    public init(_ value: String) {
        ranges = value.split(separator: ",").compactMap { element in
            let parts = element.split(separator: ";").map { String($0).trimmingSpaces }
            guard let range = parts.first else { return nil }
            let halves = range.lowercased().split(separator: "/", omittingEmptySubsequences: false)
            guard halves.count == 2, !halves[0].isEmpty, !halves[1].isEmpty else { return nil }
            guard halves[0] != "*" || halves[1] == "*" else { return nil }
            var quality = 1.0
            for parameter in parts.dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1).map { String($0).trimmingSpaces }
                if pair.count == 2, pair[0].lowercased() == "q", let q = Double(pair[1]), (0...1).contains(q) {
                    quality = q
                }
            }
            return Range(type: String(halves[0]), subtype: String(halves[1]), quality: quality)
        }
    }

    /// How the client weighs `mediaType` (`type/subtype`, parameters ignored).
    public func preference(for mediaType: String) -> Preference {
        let bare = mediaType.split(separator: ";").first.map { String($0).trimmingSpaces.lowercased() } ?? ""
        let halves = bare.split(separator: "/", maxSplits: 1).map(String.init)
        guard halves.count == 2 else { return Preference(quality: 0, specificity: 0) }
        var best: (specificity: Int, quality: Double)?
        for range in ranges {
            let specificity: Int
            if range.type == halves[0], range.subtype == halves[1] {
                specificity = 2
            } else if range.type == halves[0], range.subtype == "*" {
                specificity = 1
            } else if range.type == "*" {
                specificity = 0
            } else {
                continue
            }
            if best == nil || specificity > best!.specificity { best = (specificity, range.quality) }
        }
        guard let best, best.quality > 0 else { return Preference(quality: 0, specificity: 0) }
        return Preference(quality: best.quality, specificity: best.specificity)
    }

    /// The offer the client prefers: highest weight, then the one it named more precisely, then the
    /// earlier offer. Nil when the client accepts none of them.
    public func best(of offers: [String]) -> String? {
        var chosen: (offer: String, preference: Preference)?
        for offer in offers {
            let preference = preference(for: offer)
            guard preference.quality > 0 else { continue }
            if chosen == nil || chosen!.preference < preference { chosen = (offer, preference) }
        }
        return chosen?.offer
    }
}
