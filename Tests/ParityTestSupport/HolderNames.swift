/// Holders from the corridors Parity serves, each in their own script: for the letter tests and
/// the letter benchmark. The last is the longest test name (for the QR payload's size).
public enum HolderNames {
    public static let all: [(script: String, name: String)] = [
        ("Polish", "Łukasz Wężyk-Żółć"), ("Vietnamese", "Nguyễn Thị Hương"), ("Arabic", "محمد عبد الله"),
        ("Arabic, lam-alef", "صلاح الدين بلال"),
        ("Bengali", "রহিম উদ্দিন"), ("Devanagari", "सुनीता शर्मा"), ("Cyrillic", "Олена Шевченко"),
        ("Greek", "Γιώργος Παπαδόπουλος"),
        ("Thai", "สมชาย ใจดี"), ("Turkish", "Ayşe Yıldız"), ("Sinhala", "නිමල් පෙරේරා"), ("Tamil", "முருகன் செல்வம்"),
        ("Amharic", "ታደሰ በቀለ"), ("Chinese", "王秀英"), ("Urdu", "محمد اقبال"), ("Hebrew", "יוסף כהן"),
        ("Malayalam, long", "വടക്കേടത്ത് പുത്തൻപുരയിൽ ശ്രീകുമാരൻ നായർ ഗോപാലകൃഷ്ണൻ"),
    ]

    public static var longest: String { all.map(\.name).max { $0.utf8.count < $1.utf8.count } ?? "" }
}
