using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using FeatureContracts.Export.Events;
using FeatureContracts.Export.Sinks;
using FeatureContracts.Shipments;
using FeatureContracts.Shipments.Events;
using NodaTime;
using static FeatureContracts.Export.Tests.Events.EventLogSamples;

namespace FeatureContracts.Export.Tests.Events;

/// <summary>The plausible range of instants: one rule, checked by every reader and writer of events.</summary>
public sealed class PlausibleInstantTests
{
    [Theory]
    [InlineData("occurred_at", "-0001-05-03T14:00:00Z")]
    [InlineData("occurred_at", "0001-01-01T00:00:00Z")]
    [InlineData("occurred_at", "1899-12-31T23:59:59.999999999Z")]
    [InlineData("occurred_at", "1900-01-01T00:30:00+01:00")]
    [InlineData("recorded_at", "2200-01-01T00:00:00Z")]
    [InlineData("recorded_at", "9999-12-31T00:00:00Z")]
    public void An_instant_outside_the_plausible_range_is_rejected_naming_the_field(string field, string text)
    {
        EventLine line = Parse(With(DeliveredLine, field, $"\"{text}\""));

        line.ShouldBeRejected(7, field, LineRejectionCode.TimestampOutOfRange, $"\"{text}\"");
        line.Rejection!.Reason.Should().Be(
            $"{field} \"{text}\" is outside the plausible range of instants, 1900-01-01T00:00:00Z (included) to 2200-01-01T00:00:00Z (excluded); it is a placeholder or a corrupted value, not a time something happened.");
    }

    [Theory]
    [InlineData("1900-01-01T00:00:00Z", "2199-12-31T23:59:59.999999999Z")]
    [InlineData("1900-01-01T01:00:00+01:00", "2199-12-31T23:59:59Z")]
    public void The_ends_of_the_range_are_plausible(string occurred, string recorded)
        => Parse(With(With(DeliveredLine, "occurred_at", $"\"{occurred}\""), "recorded_at", $"\"{recorded}\"")).Event.Should().NotBeNull();

    [Fact]
    public void The_range_is_1900_to_2200()
        => (EventLineRules.PlausibleInstants.Start, EventLineRules.PlausibleInstants.End)
            .Should().Be((Instant.FromUtc(1900, 1, 1, 0, 0), Instant.FromUtc(2200, 1, 1, 0, 0)));

    [Fact]
    public void A_writer_refuses_an_event_outside_the_range_as_a_reader_would_reject_it()
    {
        using var log = new MemoryStream();
        using var writer = new EventLogWriter(Schema, log);

        writer.Invoking(w => w.Write(new Delivered("O-1", Instant.FromUtc(-1, 5, 1, 0, 0))))
            .Should().Throw<ArgumentException>().WithMessage("delivered event of order_id O-1: occurred_at -0001-05-01T00:00:00Z is outside the plausible range*");
        writer.Invoking(w => w.Write(new Delivered("O-1", Instant.FromUtc(2026, 5, 1, 0, 0), recordedAt: Instant.FromUtc(2200, 1, 1, 0, 0))))
            .Should().Throw<ArgumentException>().WithMessage("*recorded_at 2200-01-01T00:00:00Z is outside the plausible range*");
    }

    [Fact]
    public async Task An_export_rejects_an_event_in_memory_outside_the_range_as_it_rejects_a_line_of_a_file()
    {
        Instant snapshot = Instant.FromUtc(2026, 5, 6, 0, 0);
        List<ShipmentEvent> events = [new Delivered("O-1", Instant.FromUtc(2026, 5, 1, 0, 0)), new Complaint("O-1", Instant.FromUtc(-1, 5, 1, 0, 0))];
        using var rows = new MemoryStream();
        using var rejects = new StringWriter();

        ExportManifest manifest = await new TrainingExporter(ShipmentTransform.LateDeliveryV1).ExportAsync(
            EventSource.FromEvents(events), PointSource.FromPoints([]), new CsvRowSink(rows), new ExportOptions { Snapshot = snapshot }, rejects);

        (manifest.Events.LinesRead, manifest.Events.Accepted).Should().Be((2L, 1L));
        manifest.Events.Rejected.Values.Sum().Should().Be(1);
        rejects.ToString().Should().Contain("\"line\":2").And.Contain("outside the plausible range");
    }
}
