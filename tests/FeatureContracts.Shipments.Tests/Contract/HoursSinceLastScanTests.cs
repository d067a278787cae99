using FeatureContracts.Contracts;
using FeatureContracts.Rows;
using FeatureContracts.Shipments.Events;
using FeatureContracts.Shipments.Histories;
using FeatureContracts.Sources;
using NodaTime;
using static FeatureContracts.Shipments.Tests.Builders;

namespace FeatureContracts.Shipments.Tests.Contract;

public sealed class HoursSinceLastScanTests
{
    private static FeatureCell Hours(params OrderEvent[] scans)
        => AcceptedRow(History([Placed(occurredAt: "2026-04-20T00:00Z"), .. scans]), O204Backlog(), Nine)["hours_since_last_scan"];

    [Fact]
    public void Hours_are_counted_from_the_last_visible_scan_to_T()
    {
        FeatureCell cell = Hours(ScanAt("2026-05-01T01:00Z", eventId: "scan-1"));

        cell.Value.Should().Be(FeatureValue.Numeric(8));
        cell.Notes.Should().Be(CellNotes.None);
        cell.FreshnessLag.Should().Be(Duration.FromHours(8));
    }

    [Fact]
    public void Hours_may_be_fractional()
    {
        Hours(ScanAt("2026-05-01T08:30Z")).Value.Should().Be(FeatureValue.Numeric(0.5));
    }

    [Fact]
    public void Scan_recorded_after_prediction_time_is_invisible()
    {
        FeatureCell cell = Hours(
            ScanAt("2026-05-01T01:00Z", eventId: "scan-1"),
            ScanAt("2026-05-01T08:50Z", recordedAt: "2026-05-01T09:10Z", eventId: "scan-late"));

        cell.Value.Should().Be(FeatureValue.Numeric(8));
        cell.Lineage.Should().Equal(new LineageEntry("scan", "scan-1", At("2026-05-01T01:00Z"), At("2026-05-01T01:00Z")));
    }

    [Fact]
    public void Only_scan_recorded_after_prediction_time_counts_as_no_scan_yet()
    {
        FeatureCell cell = Hours(ScanAt("2026-05-01T08:50Z", recordedAt: "2026-05-01T09:10Z"));

        cell.Value.Should().Be(FeatureValue.Numeric(168));
        cell.Notes.Should().Be(CellNotes.Filled);
        cell.Lineage.Should().BeEmpty();
    }

    [Fact]
    public void Scan_recorded_exactly_at_T_is_visible()
    {
        FeatureCell cell = Hours(
            ScanAt("2026-05-01T01:00Z"),
            ScanAt("2026-05-01T07:00Z", recordedAt: "2026-05-01T09:00Z"));

        cell.Value.Should().Be(FeatureValue.Numeric(2));
    }

    [Fact]
    public void Scan_recorded_one_tick_after_T_is_invisible()
    {
        FeatureCell cell = Hours(
            ScanAt("2026-05-01T01:00Z"),
            ScanAt("2026-05-01T07:00Z", recordedAt: "2026-05-01T09:00:00.000000001Z"));

        cell.Value.Should().Be(FeatureValue.Numeric(8));
    }

    [Fact]
    public void Last_scan_is_the_one_that_occurred_last_not_the_one_recorded_last()
    {
        FeatureCell cell = Hours(
            ScanAt("2026-05-01T06:00Z"),
            ScanAt("2026-05-01T05:00Z", recordedAt: "2026-05-01T08:55Z"));

        cell.Value.Should().Be(FeatureValue.Numeric(3));
    }

    [Fact]
    public void Scan_200_hours_ago_is_capped_at_168()
    {
        FeatureCell cell = Hours(ScanAt("2026-04-23T01:00Z"));

        cell.Value.Should().Be(FeatureValue.Numeric(168));
        cell.Notes.Should().Be(CellNotes.Clamped);
        cell.ObservedValue.Should().Be("200");
    }

    [Fact]
    public void Scan_exactly_168_hours_ago_is_not_clamped()
    {
        FeatureCell cell = Hours(ScanAt("2026-04-24T09:00Z"));

        cell.Value.Should().Be(FeatureValue.Numeric(168));
        cell.Notes.Should().Be(CellNotes.None);
        cell.ObservedValue.Should().BeNull();
    }

    [Fact]
    public void No_scan_yet_counts_as_168_hours()
    {
        FeatureCell cell = Hours();

        cell.Value.Should().Be(FeatureValue.Numeric(168));
        cell.Notes.Should().Be(CellNotes.Filled);
        cell.FreshnessLag.Should().BeNull();
    }

    [Fact]
    public void Scan_recorded_late_becomes_visible_once_recorded()
    {
        ShipmentHistory history = History(
            Placed(),
            ScanAt("2026-05-01T01:00Z"),
            ScanAt("2026-05-01T08:50Z", recordedAt: "2026-05-01T09:10Z"));

        AcceptedRow(history, O204Backlog(), At("2026-05-01T09:10Z"))["hours_since_last_scan"].Value
            .Should().Be(FeatureValue.Numeric(1.0 / 3));
        AcceptedRow(history, O204Backlog(), At("2026-05-01T09:20Z"))["hours_since_last_scan"].Value
            .Should().Be(FeatureValue.Numeric(0.5));
    }
}
