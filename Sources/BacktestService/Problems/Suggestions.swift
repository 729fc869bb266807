// "Did you mean" for unknown names: the closest candidate by edit distance, case-insensitively.

/// Finds near misses among known names.
public enum Suggestions {
    /// The candidate closest to `name` when it is close enough to be a likely typo.
    public static func closest(to name: String, in candidates: [String]) -> String? {
        let target = Array(name.lowercased().utf8)
        var best: (candidate: String, distance: Int, lengthGap: Int)?
        for candidate in candidates {
            let other = Array(candidate.lowercased().utf8)
            let d = distance(target, other)
            let gap = abs(other.count - target.count)
            // Ties go to the candidate of the closest length: "=>" suggests ">=", not ">".
            if best == nil || d < best!.distance || (d == best!.distance && gap < best!.lengthGap) {
                best = (candidate, d, gap)
            }
        }
        guard let (candidate, d, _) = best else { return nil }
        let allowed = max(1, min(3, target.count / 3))
        return d <= allowed ? candidate : nil
    }

    /// " Did you mean \"x\"?" or the empty string.
    public static func didYouMean(_ name: String, in candidates: [String]) -> String {
        closest(to: name, in: candidates).map { " Did you mean \"\($0)\"?" } ?? ""
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
