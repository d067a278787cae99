using System;
using System.Collections.Generic;
using FeatureContracts.Contracts;
using FeatureContracts.Domains;
using FeatureContracts.Rows;
using FeatureContracts.Shipments;
using FeatureContracts.Shipments.Events;
using FluentAssertions;
using NodaTime;
using Xunit.Sdk;

namespace FeatureContracts.Testing.Tests;

/// <summary>The assertions a team writes about its own contract, each shown passing and failing with a useful message.</summary>
public sealed class AssertionTests
{
    private static readonly Instant Nine = Instant.FromUtc(2026, 5, 1, 9, 0);

    /// <summary>The brief's O-204, with its 08:50 scan recorded at 09:10 and a complaint after delivery.</summary>
    private static List<DomainEvent> O204() =>
    [
        .. FixtureLog.For(ShipmentDomain.Instance)
            .ForEntity("O-204")
            .At("2026-04-30T16:00:00Z").Event("order_placed", e => e
                .Set("carrier", "northline").Set("distance_km", 620).Set("expedited", false).Set("origin", "WH-HAM")
                .Set("promised_date", "2026-05-02").Set("destination_zone", "Europe/Berlin"))
            .At("2026-05-01T07:30:00Z").Event("backlog_measured", e => e.Set("warehouse", "WH-HAM").Set("queue_length", 18))
            .At("2026-05-01T01:00:00Z").Event("scan")
            .At("2026-05-01T08:50:00Z").Event("scan", e => e.Set("location", "hub").RecordedAfter(Duration.FromMinutes(20)))
            .At("2026-05-03T14:00:00Z").Event("delivered")
            .After(Duration.FromHours(4)).Event("complaint")
            .Build().Events,
    ];

    private static RowResult RowAt(Instant t, IEnumerable<DomainEvent>? events = null)
    {
        var store = new HistoryStore(ShipmentDomain.Instance.Schema);
        store.AppendRange(events ?? O204());
        return ShipmentTransform.LateDeliveryV1.BuildRow(store, "O-204", t);
    }

    [Fact]
    public void A_feature_value_passes_when_it_is_exactly_the_value_and_fails_naming_both()
    {
        RowResult row = RowAt(Nine);

        row.Should().HaveNumber("hours_since_last_scan", 8).And.HaveFeature("carrier", FeatureValue.Categorical("northline"));
        Action wrong = () => row.Should().HaveNumber("hours_since_last_scan", 8.5);
        wrong.Should().Throw<XunitException>().WithMessage("*hours_since_last_scan*8.5*but found*8*");
        Action unknown = () => row.Should().HaveNumber("speed", 1);
        unknown.Should().Throw<XunitException>().WithMessage("*to have feature \"speed\"*distance_km*");
    }

    [Fact]
    public void A_rejection_passes_with_its_code_and_fails_on_an_accepted_row()
    {
        RowResult late = RowAt(Instant.FromUtc(2026, 5, 4, 0, 0));

        late.Should().BeRejectedWith(RejectionCode.OutcomeAlreadyKnown);
        Action accepted = () => RowAt(Nine).Should().BeRejectedWith(RejectionCode.MissingValue, "distance_km");
        accepted.Should().Throw<XunitException>().WithMessage("*rejected with \"missing_value for distance_km\"*but found*distance_km=620*");
    }

    [Fact]
    public void A_missing_value_is_asserted_as_missing()
    {
        List<DomainEvent> events = O204();
        events.RemoveAt(1); // no backlog: origin_backlog is missing with its indicator

        RowAt(Nine, events).Should().HaveMissing("origin_backlog");
        Action present = () => RowAt(Nine).Should().HaveMissing("origin_backlog");
        present.Should().Throw<XunitException>().WithMessage("*origin_backlog*missing*");
    }

    [Fact]
    public void The_shipment_transform_is_leak_free_over_O204_at_every_half_hour()
    {
        var points = new List<(string, Instant)>();
        for (Instant t = Instant.FromUtc(2026, 4, 30, 15, 0); t <= Instant.FromUtc(2026, 5, 4, 0, 0); t += Duration.FromMinutes(30))
        {
            points.Add(("O-204", t));
        }

        ShipmentTransform.LateDeliveryV1.Should().BeLeakFreeOver(O204(), points);
    }

    [Fact]
    public void A_view_that_reads_the_future_is_caught_with_the_row_that_changed()
    {
        // The card's last payment is taken as of the end of time, not as of T: at 09:00 the 10:00 payment leaks in.
        Instant opened = Instant.FromUtc(2026, 5, 1, 0, 0);
        DomainEvent[] events = [new CardOpened("C-1", opened), new Payment("C-1", 20, Instant.FromUtc(2026, 5, 1, 8, 0)), new Payment("C-1", 900, Instant.FromUtc(2026, 5, 1, 10, 0))];

        Action check = () => LeakyCards.Transform.Should().BeLeakFreeOver(events, [("C-1", Nine)]);

        check.Should().Throw<XunitException>().WithMessage("*to be leak-free*1 rows changed*C-1 at 2026-05-01T09:00:00Z*");
    }
}
