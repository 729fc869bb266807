// "Did you mean" for unknown names: the closest candidate by edit distance, case-insensitively.

/// Finds near misses among known names.
public enum Suggestions {
    /// The candidate closest to `name` when it is close enough to be a likely typo.
    public static func closest(to name: String, in candidates: [String]) -> String? {
        let target = Array(name.lowercased().utf8)
        let allowed = max(1, min(3, target.count / 3))
        var best: (candidate: String, distance: Int, lengthGap: Int)?
        for candidate in candidates {
            let other = Array(candidate.lowercased().utf8)
            // The distance is at least the length gap: skip hopeless candidates without the O(n·m)
            // table, so a client's megabyte-long name costs nothing.
            let gap = abs(other.count - target.count)
            if gap > allowed { continue }
            let d = distance(target, other)
            // Ties go to the candidate of the closest length: "=>" suggests ">=", not ">".
            if best == nil || d < best!.distance || (d == best!.distance && gap < best!.lengthGap) {
                best = (candidate, d, gap)
            }
        }
        guard let (candidate, d, _) = best else { return nil }
        return d <= allowed ? candidate : nil
    }

    /// " Did you mean \"x\"?" or the empty string.
    public static func didYouMean(_ name: String, in candidates: [String]) -> String {
        closest(to: name, in: candidates).map { " Did you mean \"\($0)\"?" } ?? ""
    }

    /// A client-supplied name as it may be echoed in a message: at most 64 characters.
    public static func echo(_ name: String) -> String {
        name.count <= 64 ? name : String(name.prefix(61)) + "..."
    }

    /// A human list: `"a", "b" and "c"`.
    public static func list(_ names: [String]) -> String {
        let quoted = names.map { "\"\($0)\"" }
        guard quoted.count > 1 else { return quoted.first ?? "none" }
        return quoted.dropLast().joined(separator: ", ") + " and " + quoted.last!
    }

    /// Edit distance between two byte strings, counting a swap of neighbours as one edit
    /// (optimal string alignment), so `=>` is one edit from `>=`.
    static func distance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }
}
