// The one "did you mean" of the server, and the two helpers every message with a client's name in it
// uses: a bounded echo of the name and a human list of the known ones. Unknown columns (here in the
// engine), CSV headers, spec fields and values, query values and routes (in the service) all ask it,
// so a near miss is suggested, or not, the same way everywhere.
//
// The rule: compare case-insensitively by optimal string alignment distance (insertions, deletions,
// substitutions and swaps of neighbours each count one edit, so `=>` is one edit from `>=`); allow
// one edit for names up to 5 bytes, then a third of the length, at most 3; skip candidates whose
// length alone differs by more than that; among equally near candidates prefer the closest length,
// then the first. Names longer than `maxNameBytes` get no suggestion.

/// Finds near misses among known names, and writes client-supplied names into messages.
public enum Suggestions {
    /// Names longer than this (in UTF-8 bytes) get no suggestion: nobody mistypes a name that long,
    /// and the distance table grows with the product of the lengths.
    public static let maxNameBytes = 256

    /// Edits a name of `length` bytes may be away from a candidate and still be taken for a typo.
    public static func allowedEdits(length: Int) -> Int {
        max(1, min(3, length / 3))
    }

    /// The candidate closest to `name` when it is close enough to be a likely typo, or nil.
    ///
    /// A candidate equal to `name` but for case is at distance 0 and is returned.
    public static func closest(to name: String, in candidates: [String]) -> String? {
        let target = Array(name.lowercased().utf8)
        guard target.count <= maxNameBytes else { return nil }
        let allowed = allowedEdits(length: target.count)
        var best: (candidate: String, distance: Int, lengthGap: Int)?
        for candidate in candidates {
            // The distance is at least the length gap: skip hopeless candidates without the table,
            // so a client's megabyte-long name costs nothing.
            let gap = abs(candidate.utf8.count - target.count)
            if gap > allowed { continue }
            let other = Array(candidate.lowercased().utf8)
            let d = distance(target, other, limit: best?.distance ?? allowed)
            // Ties go to the candidate of the closest length: "=>" suggests ">=", not ">".
            if d <= allowed, best == nil || d < best!.distance || (d == best!.distance && gap < best!.lengthGap) {
                best = (candidate, d, gap)
            }
        }
        return best?.candidate
    }

    /// `" Did you mean \"x\"?"` for the closest candidate, or the empty string.
    public static func didYouMean(_ name: String, in candidates: [String]) -> String {
        closest(to: name, in: candidates).map { " Did you mean \"\($0)\"?" } ?? ""
    }

    /// A client-supplied name as it may be echoed in a message: at most 64 characters.
    public static func echo(_ name: String) -> String {
        name.count <= 64 ? name : String(name.prefix(61)) + "..."
    }

    /// Names a list shows before it counts the rest.
    public static let maxListedNames = 20

    /// A human list: `"a", "b" and "c"`; `"a"` for one name, `none` for none. Each name is echoed
    /// (bounded), and past `maxListedNames` the rest is counted: `"a", "b", … and 999,990 more`.
    public static func list(_ names: [String]) -> String {
        let quoted = names.prefix(maxListedNames).map { "\"\(echo($0))\"" }
        guard names.count <= maxListedNames else {
            return quoted.joined(separator: ", ") + " … and \(grouped(names.count - maxListedNames)) more"
        }
        guard quoted.count > 1 else { return quoted.first ?? "none" }
        return quoted.dropLast().joined(separator: ", ") + " and " + quoted.last!
    }

    /// A count with thousands separators: `999,990`.
    public static func grouped(_ n: Int) -> String {
        var digits = String(n.magnitude)
        var groups: [Substring] = []
        while digits.count > 3 {
            groups.insert(Substring(digits.suffix(3)), at: 0)
            digits.removeLast(3)
        }
        groups.insert(Substring(digits), at: 0)
        return (n < 0 ? "-" : "") + groups.joined(separator: ",")
    }

    /// Optimal string alignment distance between two byte strings, or any value above `limit` once
    /// the distance is known to exceed it (the rows then only grow).
    static func distance(_ a: [UInt8], _ b: [UInt8], limit: Int = .max) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        // Three rolling rows of the table: i - 2, i - 1 and i.
        var older = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        var previousMinimum = 0
        for i in 1...a.count {
            current[0] = i
            var minimum = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var d = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d = min(d, older[j - 2] + 1)
                }
                current[j] = d
                minimum = min(minimum, d)
            }
            // Every later cell is at least min(this row's minimum, the previous row's minimum + 1).
            if minimum > limit && previousMinimum >= limit { return limit + 1 }
            previousMinimum = minimum
            (older, previous, current) = (previous, current, older)
        }
        return previous[b.count]
    }
}
