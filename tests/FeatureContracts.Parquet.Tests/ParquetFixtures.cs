using System;
using System.Collections.Generic;
using System.IO;
using FeatureContracts.Export.Sinks;
using FeatureContracts.Rows;
using FeatureContracts.Shipments;
using FeatureContracts.Shipments.Contract;
using FeatureContracts.Shipments.Events;
using FeatureContracts.Shipments.Histories;
using NodaTime;
using NodaTime.Text;

namespace FeatureContracts.Parquet.Tests;

/// <summary>Late-delivery rows for the Parquet tests, and a file to write them to.</summary>
internal static class ParquetFixtures
{
    public static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];

    private static readonly LocalDate Promised = new(2026, 5, 5);

    private static readonly BacklogTimeline Backlog = BacklogTimeline.Of(
    [
        new BacklogMeasured("WH-HAM", 18, At("2026-05-01T07:30:00Z")),
        new BacklogMeasured("WH-LYS", 42.5, At("2026-05-03T05:00:00Z")),
    ]);

    public static Instant At(string iso) => InstantPattern.ExtendedIso.Parse(iso).GetValueOrThrow();

    /// <summary>
    /// O-204 (the brief's worked case, late), O-300 (no scan: hours filled with 168; no backlog: missing; unseen
    /// carrier: other; expedited; on time), O-301 (fractional prediction time, 2 h 20 min since the last scan,
    /// backlog 42.5, expedited absent: false; late), and O-302 (bluefreight, backlog older than the max age:
    /// missing; on time).
    /// </summary>
    public static IReadOnlyList<(FeatureRow Row, bool Label)> Rows() =>
    [
        (Build("O-204", "2026-05-01T09:00:00Z", new OrderPlaced("O-204", At("2026-04-30T16:00:00Z"), "northline", 620, false, "WH-HAM", Promised, Berlin), new Scan("O-204", At("2026-05-01T01:00:00Z"))), true),
        (Build("O-300", "2026-05-02T12:00:00Z", new OrderPlaced("O-300", At("2026-05-02T08:00:00Z"), "acmecargo", 1234.5, true, "WH-MUC", Promised, Berlin)), false),
        (Build("O-301", "2026-05-03T09:00:00.5Z", new OrderPlaced("O-301", At("2026-05-02T10:00:00Z"), "swiftpost", 12.25, null, "WH-LYS", Promised, Berlin), new Scan("O-301", At("2026-05-03T06:40:00.5Z"))), true),
        (Build("O-302", "2026-05-03T20:00:00Z", new OrderPlaced("O-302", At("2026-05-03T10:00:00Z"), "bluefreight", 80, false, "WH-LYS", Promised, Berlin), new Scan("O-302", At("2026-05-03T19:00:00Z"))), false),
    ];

    public static FeatureRow Build(string orderId, string at, params OrderEvent[] events)
        => ShipmentTransform.LateDeliveryV1.BuildRow(ShipmentHistory.Of(orderId, events), Backlog, At(at)).GetRowOrThrow();

    public static byte[] Write(IEnumerable<(FeatureRow Row, bool Label)> rows, int rowGroupSize = ParquetRowSink.DefaultRowGroupSize)
    {
        var output = new MemoryStream();
        using (var sink = new ParquetRowSink(output, rowGroupSize: rowGroupSize))
        {
            sink.Begin(RowLayout.For(ShipmentTransform.LateDeliveryV1));
            foreach (var (row, label) in rows)
            {
                sink.Write(row, label);
            }

            sink.Complete();
        }

        return output.ToArray();
    }
}

/// <summary>A write-only, forward-only stream, like a pipe or an upload.</summary>
internal sealed class ForwardOnlyStream(Stream inner) : Stream
{
    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => inner.Position;
        set => throw new NotSupportedException();
    }

    public override void Flush() => inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
}
