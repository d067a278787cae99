using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using FeatureContracts.Domains;
using FeatureContracts.Export.Events;
using FeatureContracts.Shipments;

namespace FeatureContracts.Export.Tests.Events;

/// <summary>Valid lines of each event type, and helpers to bend them and to read logs.</summary>
internal static class EventLogSamples
{
    /// <summary>The shipment log's schema, the format these samples are lines of.</summary>
    public static readonly EventSchema Schema = ShipmentDomain.Instance.Schema;

    public const string OrderPlacedLine =
        """{"type":"order_placed","occurred_at":"2026-04-30T10:00:00Z","recorded_at":"2026-04-30T10:05:00Z","event_id":"e-1","order_id":"O-204","carrier":"northline","distance_km":620,"expedited":false,"origin":"WH-1","promised_date":"2026-05-03","destination_zone":"Europe/Berlin"}""";

    public const string ScanLine =
        """{"type":"scan","occurred_at":"2026-05-01T01:00:00Z","recorded_at":"2026-05-01T01:02:00Z","event_id":"e-2","order_id":"O-204","location":"Leipzig hub"}""";

    public const string BacklogLine =
        """{"type":"backlog_measured","occurred_at":"2026-05-01T08:30:00Z","event_id":"e-3","warehouse":"WH-1","queue_length":18}""";

    public const string DeliveredLine =
        """{"type":"delivered","occurred_at":"2026-05-03T14:00:00Z","recorded_at":"2026-05-03T14:20:00Z","event_id":"e-4","order_id":"O-204"}""";

    public const string ComplaintLine =
        """{"type":"complaint","occurred_at":"2026-05-04T09:00:00Z","event_id":"e-5","order_id":"O-204"}""";

    public static readonly string[] All = [OrderPlacedLine, ScanLine, BacklogLine, DeliveredLine, ComplaintLine];

    /// <summary>Writes '+' and non-ASCII text as they are, like the logs do, instead of as \u escapes.</summary>
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The line with <paramref name="field"/> set to the JSON text <paramref name="json"/> (kept in place, or appended).</summary>
    public static string With(string line, string field, string json)
    {
        JsonObject o = JsonNode.Parse(line)!.AsObject();
        o[field] = JsonNode.Parse(json);
        return o.ToJsonString(Relaxed);
    }

    /// <summary>The line without <paramref name="field"/>.</summary>
    public static string Without(string line, string field)
    {
        JsonObject o = JsonNode.Parse(line)!.AsObject();
        o.Remove(field).Should().BeTrue($"the sample has {field}");
        return o.ToJsonString(Relaxed);
    }

    public static EventLine Parse(string line, long lineNumber = 7, EventLogReaderOptions? options = null)
        => new EventLogReader(Schema, options).ParseLine(Encoding.UTF8.GetBytes(line), lineNumber);

    public static List<EventLine> ReadAll(byte[] log, EventLogReaderOptions? options = null)
    {
        using var stream = new MemoryStream(log);
        return new EventLogReader(Schema, options).Read(stream).ToList();
    }

    public static List<EventLine> ReadAll(string log, EventLogReaderOptions? options = null) => ReadAll(Encoding.UTF8.GetBytes(log), options);

    public static void ShouldBeRejected(this EventLine line, long lineNumber, string? field, LineRejectionCode code, string? quoted = null)
    {
        line.Event.Should().BeNull();
        line.LineNumber.Should().Be(lineNumber);
        line.Rejection.Should().NotBeNull();
        LineRejection rejection = line.Rejection!;
        rejection.LineNumber.Should().Be(lineNumber);
        rejection.Field.Should().Be(field);
        rejection.Code.Should().Be(code, rejection.Reason);
        rejection.Reason.Should().NotBeNullOrWhiteSpace();
        if (quoted is not null)
        {
            rejection.Reason.Should().Contain(quoted);
        }
    }

    public static void ShouldBeAccepted(this EventLine line, long lineNumber)
    {
        line.Rejection.Should().BeNull(line.Rejection?.ToString());
        line.Event.Should().NotBeNull();
        line.LineNumber.Should().Be(lineNumber);
    }
}

/// <summary>A stream that hands out at most a few bytes per read, to cross every buffer boundary.</summary>
internal sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data)
{
    public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, System.Math.Min(count, chunk));

    public override int Read(System.Span<byte> buffer) => base.Read(buffer[..System.Math.Min(buffer.Length, chunk)]);
}
