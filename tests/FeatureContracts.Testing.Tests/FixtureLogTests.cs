using System;
using System.Collections.Generic;
using System.Linq;
using FeatureContracts.Domains;
using FeatureContracts.Shipments;
using FeatureContracts.Shipments.Events;
using FluentAssertions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace FeatureContracts.Testing.Tests;

/// <summary>Fixture logs of any domain, built from the domain's own schema, and their re-arrival orders.</summary>
public sealed class FixtureLogTests
{
    private static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];

    private static FixtureLogBuilder Shipments() => FixtureLog.For(ShipmentDomain.Instance).ForEntity("O-1");

    private static FixtureLogBuilder PlacedAt(string at) => Shipments()
        .WithDefault("origin", "WH-1")
        .At(at).Event("order_placed", e => e
            .Set("carrier", "northline").Set("distance_km", 620).Set("promised_date", "2026-05-02").Set("destination_zone", "Europe/Berlin"));

    [Fact]
    public void Events_are_the_domains_own_records_at_the_clock_with_the_defaults_and_the_fields_set()
    {
        FixtureLog log = PlacedAt("2026-04-30T16:00:00Z")
            .After(Duration.FromHours(2)).Event("scan", e => e.Set("location", "hub").Id("s-1"))
            .After(Duration.FromHours(1)).Event("scan", e => e.RecordedAfter(Duration.FromHours(3)))
            .At("2026-05-01T07:30:00+02:00").Event("backlog_measured", e => e.Set("warehouse", "WH-1").Set("queue_length", 18))
            .Build();

        Instant placed = Instant.FromUtc(2026, 4, 30, 16, 0);
        log.Events.Should().Equal(
            new OrderPlaced("O-1", placed, "northline", 620, null, "WH-1", new LocalDate(2026, 5, 2), Berlin),
            new Scan("O-1", placed + Duration.FromHours(2), "hub", null, "s-1"),
            new Scan("O-1", placed + Duration.FromHours(3), null, placed + Duration.FromHours(6)),
            new BacklogMeasured("WH-1", 18, Instant.FromUtc(2026, 5, 1, 5, 30)));
        log.Schema.Should().BeSameAs(ShipmentDomain.Instance.Schema);
    }

    [Fact]
    public void An_event_sets_over_a_default_and_Missing_clears_one()
    {
        FixtureLog log = PlacedAt("2026-04-30T16:00:00Z")
            .WithDefault("location", "depot")
            .Event("scan")
            .Event("scan", e => e.Set("location", "hub"))
            .Event("scan", e => e.Missing("location"))
            .WithDefault("location", null)
            .Event("scan")
            .Build();

        log.Events.OfType<Scan>().Select(s => s.Location).Should().Equal("depot", "hub", null, null);
    }

    [Fact]
    public void A_late_record_is_unknown_before_it_was_recorded()
    {
        FixtureLog log = PlacedAt("2026-04-30T16:00:00Z")
            .At("2026-05-01T08:50:00Z").Event("scan", e => e.RecordedAt("2026-05-01T09:10:00Z"))
            .Build();

        log.KnownAt(Instant.FromUtc(2026, 5, 1, 9, 0)).Should().ContainSingle().Which.Should().BeOfType<OrderPlaced>();
        log.KnownAt(Instant.FromUtc(2026, 5, 1, 9, 10)).Should().HaveCount(2);
    }

    [Fact]
    public void A_line_delivered_again_counts_once_with_an_id_and_twice_without()
    {
        FixtureLog log = PlacedAt("2026-04-30T16:00:00Z")
            .After(Duration.FromHours(1)).Event("scan", e => e.Id("s-1")).Again()
            .After(Duration.FromHours(1)).Event("scan").Again()
            .Build();

        log.Events.Should().HaveCount(5);
        HistoryStore store = log.ToStore();
        store.EventCount.Should().Be(4, "the scan with an id counts once; the one without cannot be told from a new scan");
        store.History(ShipmentDomain.OrderKey, "O-1").Events.Should().HaveCount(4);
    }

    [Fact]
    public void Any_domain_is_built_from_its_schema_alone()
    {
        FixtureLog log = FixtureLog.For(LeakyCards.Instance)
            .ForEntity("C-1")
            .At(Instant.FromUtc(2026, 5, 1, 8, 0)).Event("card_opened")
            .After(Duration.FromMinutes(30)).Event("payment", e => e.Set("amount", 12.5m))
            .Build();

        log.Events.Should().Equal(new CardOpened("C-1", Instant.FromUtc(2026, 5, 1, 8, 0)), new Payment("C-1", 12.5, Instant.FromUtc(2026, 5, 1, 8, 30)));
        LeakyCards.Transform.BuildRow(log.ToStore(), "C-1", Instant.FromUtc(2026, 5, 1, 9, 0)).Should().HaveNumber("last_amount", 12.5);
    }

    [Fact]
    public void An_unknown_type_names_the_types_of_the_log()
    {
        Action act = () => Shipments().At("2026-05-01T00:00:00Z").Event("scanned");

        act.Should().Throw<ArgumentException>().WithMessage("The log has no event type 'scanned'; its types are *order_placed*scan*");
    }

    [Fact]
    public void An_unknown_field_names_the_fields_of_the_type()
    {
        Action act = () => Shipments().At("2026-05-01T00:00:00Z").Event("order_placed", e => e.Set("carier", "northline"));

        act.Should().Throw<ArgumentException>().WithMessage("Event type 'order_placed' has no field 'carier'; its fields are order_id, carrier, distance_km, *");
    }

    [Theory]
    [InlineData("distance_km", "far", "Field 'order_placed.distance_km' holds finite numbers; \"far\" is not one.*")]
    [InlineData("distance_km", double.NaN, "Field 'order_placed.distance_km' holds finite numbers; NaN (Double) is not one.*")]
    [InlineData("carrier", 7, "Field 'order_placed.carrier' holds non-blank text; 7 (Int32) is not one.*")]
    [InlineData("carrier", " ", "Field 'order_placed.carrier' holds non-blank text; \" \" is not one.*")]
    [InlineData("expedited", "yes", "Field 'order_placed.expedited' holds booleans; \"yes\" is not one.*")]
    [InlineData("promised_date", "2026-02-30", "Field 'order_placed.promised_date' holds dates*")]
    [InlineData("destination_zone", "Europe/Hamburg", "Field 'order_placed.destination_zone' holds time zones*")]
    public void A_value_that_does_not_fit_its_field_is_refused_naming_the_field(string field, object value, string message)
    {
        Action act = () => Shipments().At("2026-05-01T00:00:00Z").Event("order_placed", e => e.Set(field, value));

        act.Should().Throw<ArgumentException>().WithMessage(message);
    }

    [Fact]
    public void Every_required_field_not_set_is_named_at_once()
    {
        Action act = () => Shipments().At("2026-05-01T00:00:00Z").Event("order_placed", e => e.Set("carrier", "northline"));

        act.Should().Throw<ArgumentException>().WithMessage("Event 'order_placed' at 2026-05-01T00:00:00Z lacks required fields origin, promised_date, destination_zone.");
    }

    [Fact]
    public void A_record_before_the_occurrence_is_refused_as_the_domain_refuses_it()
    {
        Action act = () => PlacedAt("2026-05-01T00:00:00Z").Event("scan", e => e.RecordedAfter(Duration.FromMinutes(-1)));

        act.Should().Throw<ArgumentException>().WithMessage("*cannot be known before it happens*");
    }

    [Fact]
    public void Misuse_of_the_builder_says_what_to_do()
    {
        FluentActions.Invoking(() => Shipments().Event("scan")).Should().Throw<InvalidOperationException>().WithMessage("*call At(...) before*");
        FluentActions.Invoking(() => FixtureLog.For(ShipmentDomain.Instance.Schema).ForEntity("O-1")).Should().Throw<InvalidOperationException>().WithMessage("*no entity key*");
        FluentActions.Invoking(() => Shipments().WithDefault("warehose", "WH-1")).Should().Throw<ArgumentException>().WithMessage("No event type of the log has a field 'warehose'*warehouse*");
        FluentActions.Invoking(() => Shipments().WithDefault("queue_length", "many")).Should().Throw<ArgumentException>().WithMessage("Field 'backlog_measured.queue_length' holds finite numbers*");
        FluentActions.Invoking(() => Shipments().Add(new Payment("C-1", 1, Instant.FromUtc(2026, 5, 1, 0, 0)))).Should().Throw<ArgumentException>().WithMessage("Payment is not an event type of the log*");
        FluentActions.Invoking(() => Shipments().Again()).Should().Throw<InvalidOperationException>();
        FluentActions.Invoking(() => Shipments().At("2026-05-01T09:00:00")).Should().Throw<FormatException>().WithMessage("*has no Z or offset*");
    }

    // ---- re-arrival --------------------------------------------------------------------------------------------

    /// <summary>
    /// Two orders from one warehouse whose backlog is measured twice at the same instants (a full tie that only input
    /// position breaks), an amendment tied with its order, scans recorded late, and ids on everything but one scan.
    /// </summary>
    private static FixtureLog Tied() => Shipments()
        .WithDefault("origin", "WH-1").WithDefault("distance_km", 620).WithDefault("promised_date", "2026-05-02").WithDefault("destination_zone", "Europe/Berlin")
        .At("2026-04-30T16:00:00Z").Event("order_placed", e => e.Set("carrier", "northline").Id("p-1"))
        .Event("order_placed", e => e.Set("carrier", "swiftpost").Id("p-1b"))
        .ForEntity("O-2").After(Duration.FromMinutes(5)).Event("order_placed", e => e.Set("distance_km", 80).Id("p-2"))
        .At("2026-05-01T07:30:00Z").Event("backlog_measured", e => e.Set("warehouse", "WH-1").Set("queue_length", 10).Id("b-1"))
        .Event("backlog_measured", e => e.Set("warehouse", "WH-1").Set("queue_length", 30).Id("b-2"))
        .At("2026-05-01T08:00:00Z").Event("scan", e => e.RecordedAfter(Duration.FromHours(2)))
        .ForEntity("O-1").After(Duration.FromMinutes(10)).Event("scan", e => e.Id("s-1").RecordedAfter(Duration.FromMinutes(50)))
        .Build();

    private static IEnumerable<(string EntityId, Instant At)> Points() =>
        from id in new[] { "O-1", "O-2" }
        from hour in Enumerable.Range(0, 24)
        select (id, Instant.FromUtc(2026, 4, 30, 16, 0) + Duration.FromHours(hour));

    private static string Rows(IEnumerable<DomainEvent> arrivals)
    {
        var store = new HistoryStore(ShipmentDomain.Instance.Schema);
        store.AppendRange(arrivals);
        return GoldenRows.Render(ShipmentTransform.LateDeliveryV1, store, Points());
    }

    [Fact]
    public void The_tie_rule_matters_a_reversed_log_serves_another_backlog()
    {
        FixtureLog log = Tied();

        Rows(log.Events.Reverse()).Should().NotBe(Rows(log.Events), "the tied backlog measurements are told apart by input position alone");
    }

    [Property(MaxTest = 200)]
    public void Rearrived_events_change_no_row_keep_tied_events_in_order_and_repeat_only_events_with_ids(int seed, byte duplicates)
    {
        FixtureLog log = Tied();

        IReadOnlyList<DomainEvent> arrivals = log.Rearrived(seed, duplicates);

        arrivals.Should().HaveCount(log.Events.Length + duplicates);
        arrivals.Distinct().Should().BeEquivalentTo(log.Events, o => o.WithoutStrictOrdering(), "every event arrives");
        foreach (IGrouping<(Instant, Instant), DomainEvent> tie in log.Events.GroupBy(e => (e.OccurredAt, e.RecordedAt)))
        {
            arrivals.Distinct().Where(tie.Contains).Should().Equal(tie, "tied events keep their file order");
        }

        arrivals.GroupBy(e => e).Where(g => g.Count() > 1).Should().NotContain(g => g.Key.EventId == null, "an event without an id is never repeated");
        Rows(arrivals).Should().Be(Rows(log.Events));
    }
}
