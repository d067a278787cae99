using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using FeatureContracts.Contracts;
using FeatureContracts.Domains;
using FeatureContracts.Rows;
using FeatureContracts.Testing;
using NodaTime;

namespace FeatureContracts.Docs.Tests;

/// <summary>
/// The code of docs/testing.md: a team's own tests of the sla_breach contract with the testing kit. The snippets
/// are compiled and run here; each test also shows that its assertion fails when the contract is wrong.
/// </summary>
public sealed class TestingGuideTests
{
    private static readonly string GoldenPath = Path.Combine(DocSnippetTests.RepositoryRoot(), "tests", "FeatureContracts.Docs.Tests", "Golden", "sla_breach_v1.rows.jsonl");

    // begin-snippet: fixture
    private static FixtureLog Ticket() => FixtureLog.For(TicketDomain.Instance)
        .ForEntity("T-1")
        .At("2026-05-01T08:00:00Z").Event("ticket_opened", e => e.Set("priority", "high"))
        .After(Duration.FromHours(1)).Event("agent_replied", e => e.Id("reply-1"))
        .After(Duration.FromHours(1)).Event("agent_replied", e => e.Id("reply-2").RecordedAfter(Duration.FromHours(3)))
        .Again() // the same line delivered twice: an event with an id counts once
        .At("2026-05-02T09:00:00Z").Event("ticket_resolved")
        .Build();

    private static IEnumerable<(string EntityId, Instant At)> EveryHalfHour() =>
        Enumerable.Range(0, 60).Select(i => ("T-1", Instant.FromUtc(2026, 5, 1, 7, 0) + Duration.FromMinutes(30 * i)));
    // end-snippet

    [Fact]
    public void A_row_has_the_values_known_at_its_instant()
    {
        // begin-snippet: row
        HistoryStore store = Ticket().ToStore();

        TicketContract.Transform.BuildRow(store, "T-1", Instant.FromUtc(2026, 5, 1, 12, 0)).Should()
            .HaveFeature("priority", FeatureValue.Categorical("high"))
            .And.HaveNumber("replies_last_24h", 1) // the second reply was recorded at 13:00
            .And.HaveNumber("hours_open", 4);
        TicketContract.Transform.BuildRow(store, "T-1", Instant.FromUtc(2026, 5, 2, 9, 0)).Should()
            .BeRejectedWith(RejectionCode.OutcomeAlreadyKnown);
        // end-snippet

        Action wrong = () => TicketContract.Transform.BuildRow(store, "T-1", Instant.FromUtc(2026, 5, 1, 13, 0)).Should().HaveNumber("replies_last_24h", 1);
        wrong.Should().Throw<Exception>().WithMessage("*replies_last_24h*1*found*2*");
    }

    [Fact]
    public void The_transform_is_leak_free_over_the_fixture()
    {
        // begin-snippet: leakfree
        TicketContract.Transform.Should().BeLeakFreeOver(Ticket().Events, EveryHalfHour());
        // end-snippet
    }

    [Fact]
    public void The_rows_match_their_golden_file()
    {
        // begin-snippet: golden
        TicketContract.Transform.Should().MatchGoldenRows(GoldenPath, Ticket().ToStore(), EveryHalfHour());
        // end-snippet

        File.ReadAllText(GoldenPath).Should().Contain("\"replies_last_24h\":2").And.Contain("\"rejected\":[\"outcome_already_known");
    }

    [Fact]
    public void A_new_version_that_only_adds_a_monitor_is_compatible_and_one_that_narrows_the_vocabulary_is_not()
    {
        // begin-snippet: compatible
        FeatureContract<TicketView> v2 = FeatureContract.Define<TicketView>("sla_breach", version: 2)
            .Categorical("priority", f => f.From(TicketContract.Priority)
                .Vocabulary("low", "normal", "high", "urgent").MapUnseenTo("other").RejectIfMissing()
                .Monitor(m => m.UnseenRateAbove(0.05)))
            .Numeric("replies_last_24h", f => f.From(TicketContract.RepliesLast24h).RejectIfMissing().RejectOutside(0, 10_000))
            .Numeric("hours_open", f => f.From(TicketContract.HoursOpen).RejectIfMissing().CapAt(48))
            .Build();

        v2.Should().BeCompatibleWith(TicketContract.V1);
        // end-snippet

        FeatureContract<TicketView> narrowed = FeatureContract.Define<TicketView>("sla_breach", version: 2)
            .Categorical("priority", f => f.From(TicketContract.Priority).Vocabulary("low", "high").MapUnseenTo("other").RejectIfMissing())
            .Numeric("replies_last_24h", f => f.From(TicketContract.RepliesLast24h).RejectIfMissing().RejectOutside(0, 10_000))
            .Numeric("hours_open", f => f.From(TicketContract.HoursOpen).RejectIfMissing().CapAt(48))
            .Build();
        Action breaking = () => narrowed.Should().BeCompatibleWith(TicketContract.V1);
        breaking.Should().Throw<Exception>().WithMessage("*priority*");
    }
}
