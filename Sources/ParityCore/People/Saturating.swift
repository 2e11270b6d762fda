extension Int {
    /// `self + other`, held at `Int.max` (or `Int.min`) instead of trapping: sums of figures that
    /// came from outside never end the process, however many there are.
    public func addingSaturated(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        guard overflow else { return sum }
        return other > 0 ? .max : .min
    }
}
