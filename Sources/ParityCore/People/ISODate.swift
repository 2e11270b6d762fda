/// ISO 8601 calendar dates as messages carry them (`availableFrom`, `jobStartDate`): a date
/// alone, the date that starts a date-time, or a month (its first day). Compared as whole
/// days, no time zones.
public enum ISODate {
    /// `2027-03-01` (or `2027-03-01T08:00...`) as 20270301, `2027-03` as 20270301; nil when it
    /// is not such a date.
    public static func day(_ text: String) -> Int32? {
        var u = Array(text.utf8.prefix(11))
        if u.count == 7, u[4] == 45 { u += Array("-01".utf8) }
        guard u.count >= 10, u[4] == 45, u[7] == 45 else { return nil }
        if u.count == 11, u[10] != 84, u[10] != 116, u[10] != 32 { return nil }
        var value: Int32 = 0
        for i in [0, 1, 2, 3, 5, 6, 8, 9] {
            guard u[i] >= 48, u[i] <= 57 else { return nil }
            value = value * 10 + Int32(u[i] - 48)
        }
        let month = value / 100 % 100, day = value % 100
        guard (1...12).contains(month), (1...31).contains(day) else { return nil }
        return value
    }
}
