import Synchronization

// The first pass of `CandidatePool.recall`: counting a job's posting lists under the hard
// filters, stopping once the best are out of reach of anyone unseen, and the counters it
// borrows.

/// A set of slots, one bit each.
struct SlotSet: Sendable {
    private(set) var words: [UInt64]

    init(words: [UInt64] = []) { self.words = words }

    mutating func insert(_ slot: Int) {
        let w = slot >> 6
        if w >= words.count { words += repeatElement(0, count: w - words.count + 1) }
        words[w] |= 1 << UInt64(slot & 63)
    }

    mutating func remove(_ slot: Int) {
        let w = slot >> 6
        if w < words.count { words[w] &= ~(1 << UInt64(slot & 63)) }
    }

    func contains(_ slot: Int) -> Bool {
        let w = slot >> 6
        return w < words.count && words[w] & 1 << UInt64(slot & 63) != 0
    }
}

extension CandidatePool {
    /// A point for each contender (sorted by slot) found in `list` (sorted, as every posting
    /// list is: slots are appended in increasing order): a galloping search from the last
    /// position, so the cost grows with the contenders, not with the list.
    static func addHits(_ list: [Int32], to contenders: inout [(slot: Int32, points: Int)]) {
        list.withUnsafeBufferPointer { l in
            var lo = 0
            for k in contenders.indices {
                let slot = contenders[k].slot
                // Everything before `lo` is below `slot`.
                var hi = lo, step = 1
                while hi < l.count && l[hi] < slot { lo = hi + 1; hi += step; step <<= 1 }
                hi = min(hi, l.count)
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if l[mid] < slot { lo = mid + 1 } else { hi = mid }
                }
                if lo < l.count && l[lo] == slot { contenders[k].points += 1 }
            }
        }
    }

    /// What a query's hard filters read: the slots its destination admits, and the start
    /// date against those with an `availableFrom`.
    struct Gates {
        let admitted: UnsafeBufferPointer<UInt64>
        let dated: UnsafeBufferPointer<UInt64>
        let facts: UnsafeBufferPointer<UInt64>
        let startDay: UInt32

        @inline(__always) func admit(_ slot: Int) -> Bool {
            let w = slot >> 6, bit = UInt64(1) << UInt64(slot & 63)
            guard w < admitted.count, admitted[w] & bit != 0 else { return false }
            if startDay != 0, w < dated.count, dated[w] & bit != 0, UInt32(truncatingIfNeeded: facts[slot]) > startDay {
                return false
            }
            return true
        }
    }

    /// The score the `limit`-th best admitted candidate has (0: fewer than `limit` scored).
    static func threshold<Counts: RandomAccessCollection<Int>>(_ hist: Counts, lists: Int, limit: Int) -> Int
    where Counts.Index == Int {
        var sum = 0
        for v in stride(from: min(254, lists), through: 1, by: -1) {
            sum += hist[v]
            if sum >= limit { return v }
        }
        return 0
    }

    /// What looking a contender up in an unread list costs, in postings read (`count`'s
    /// stopping rule).
    static let lookupCost = 2

    /// Points per slot (255: seen, not admitted), `hist` of admitted points, and the slots
    /// touched, reading the (sorted) lists until the `limit`-th best is out of reach of anyone
    /// not yet seen and the few who could still reach it are cheaper to check one by one.
    /// Returns how many lists were read: the rest could only add to those already counted.
    static func count(
        _ lists: [[Int32]], limit: Int, gates: Gates,
        points p: UnsafeMutableBufferPointer<UInt8>, hist h: UnsafeMutableBufferPointer<Int>, touched: inout [Int32]
    ) -> Int {
        var unreadPostings = lists.reduce(0) { $0 + $1.count }
        for (k, list) in lists.enumerated() {
            // Stop when no one unseen can reach the `limit`-th score and looking up those who
            // still could in the remaining lists is cheaper than reading them (a lookup costs
            // about as much as reading `lookupCost` postings).
            let unread = lists.count - k, score = threshold(h, lists: lists.count, limit: limit)
            if score > unread {
                var contenders = 0
                for v in max(1, score - unread)...254 { contenders += h[v] }
                if contenders * unread * lookupCost < unreadPostings { return k }
            }
            unreadPostings -= list.count
            list.withUnsafeBufferPointer { list in
                for i in list {
                    let v = p[Int(i)]
                    if v == 0 {
                        touched.append(i)
                        if gates.admit(Int(i)) { p[Int(i)] = 1; h[1] &+= 1 } else { p[Int(i)] = 255 }
                    } else if v < 254 {
                        p[Int(i)] = v &+ 1; h[Int(v)] &-= 1; h[Int(v) &+ 1] &+= 1
                    }
                }
            }
        }
        return lists.count
    }

    /// The same among `allowed` slots only: each starts at 1, then pays it back.
    static func count(
        _ lists: [[Int32]], among allowed: [Int32], gates: Gates,
        points p: UnsafeMutableBufferPointer<UInt8>, hist h: UnsafeMutableBufferPointer<Int>, touched: inout [Int32]
    ) {
        for i in allowed where p[Int(i)] == 0 && gates.admit(Int(i)) { p[Int(i)] = 1; touched.append(i) }
        for list in lists { for i in list { let v = p[Int(i)]; if v != 0 && v < 254 { p[Int(i)] = v &+ 1 } } }
        for i in touched { p[Int(i)] &-= 1; h[Int(p[Int(i)])] &+= 1 }
        h[0] = 0
    }
}

/// Zeroed counters and an empty list of touched slots, lent to queries and kept, so a query
/// over a large pool does not map and fault in fresh memory each time.
final class Scratch: Sendable {
    private let free = Mutex<[([UInt8], [Int32])]>([])

    func take(_ count: Int) -> ([UInt8], [Int32]) {
        if var lent = free.withLock({ $0.popLast() }) {
            if lent.0.count < count { lent.0 += [UInt8](repeating: 0, count: count - lent.0.count) }
            return lent
        }
        return ([UInt8](repeating: 0, count: count), [])
    }

    /// `points` must be all zeros again and `touched` empty.
    func give(_ points: [UInt8], _ touched: [Int32]) {
        free.withLock { if $0.count < 8 { $0.append((points, touched)) } }
    }
}
