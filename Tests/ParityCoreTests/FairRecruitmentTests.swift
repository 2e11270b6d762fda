import ParityCore
import Testing

@Suite struct FairRecruitmentTests {
    let nurse = JobOpening(id: "j-1", title: "Registered nurse", occupations: ["2221"], country: "DE")

    @Test func theSafeguardsListHasItsFiftyFiveCountriesWithNepalUnconfirmed() {
        #expect(SafeguardsList.countries.count == 55)
        #expect(SafeguardsList.countries.values.filter { $0 == .confirmed }.count == 54)
        #expect(SafeguardsList.status(of: "NP") == .unconfirmed)
        #expect(SafeguardsList.status(of: "KE") == nil)  // UK amber list, not SSL 2023
        #expect(SafeguardsList.status(of: "PH") == nil)
    }

    @Test func aJobChargingWorkersIsRefusedUnderC181() throws {
        var job = nurse
        job.recruitment.workerFees = .init(amount: 1500, currency: "EUR", what: "placement")
        let finding = try #require(FairRecruitment.refusal(job))
        #expect(finding.rule == .workerFees)
        #expect(finding.explanation.contains("1500 EUR for placement"))
        #expect(finding.basis.contains("No. 181), Art. 7"))
        #expect(FairRecruitment.refusal(nurse) == nil)
    }

    @Test func payBelowTheFloorIsFlaggedPerHourAcrossPeriods() throws {
        var job = nurse
        let floor = JobOpening.Salary(amount: 12.82, currency: "EUR", period: .hour)
        job.salary = .init(amount: 2000, currency: "EUR", period: .month)  // 11.54 per hour
        #expect(try #require(FairRecruitment.payFlag(job, floor: floor)).rule == .payBelowFloor)
        job.salary = .init(amount: 3900, currency: "EUR", period: .month)
        #expect(FairRecruitment.payFlag(job, floor: floor) == nil)
        job.salary = .init(amount: 60000, currency: "USD", period: .year)
        #expect(FairRecruitment.payFlag(job, floor: floor)?.explanation.contains("could not be compared") == true)
        #expect(FairRecruitment.payFlag(job, floor: nil) == nil)
    }

    @Test(arguments: ["2211", "2221", "2222", "3221", "3222"])
    func healthWorkersOnTheListAreWithheldFromActiveRecruitment(isco: String) {
        var job = nurse
        job.occupations = [isco]
        #expect(FairRecruitment.withholds(job, residence: "NG")?.rule == .healthWorkforceSafeguard)
        #expect(FairRecruitment.withholds(job, residence: "PH") == nil)
    }

    @Test func anAgreementOrADirectApplicationLiftsTheSafeguard() {
        var job = nurse
        job.recruitment.agreement = "DE-XX-G2G-2025"
        #expect(FairRecruitment.withholds(job, residence: "NG") == nil)
        job.recruitment = .init(channel: .directApplication)
        #expect(FairRecruitment.withholds(job, residence: "NG") == nil)
        var electrician = nurse
        electrician.occupations = ["7411"]
        #expect(FairRecruitment.withholds(electrician, residence: "NG") == nil)
    }
}
