using System;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using FeatureContracts.Domains;
using FeatureContracts.Export.Events;
using NodaTime;

namespace FeatureContracts.Export.Tests.Events;

/// <summary>A probe event whose fields take the presence rules and types shipments do not use.</summary>
public sealed record Probe : DomainEvent
{
    public Probe(string id, bool flag, double? amount, LocalDate? day, DateTimeZone? zone, Instant occurredAt, Instant? recordedAt = null, string? eventId = null)
        : base(occurredAt, recordedAt, eventId)
    {
        Id = id;
        Flag = flag;
        Amount = amount;
        Day = day;
        Zone = zone;
    }

    public string Id { get; }

    public bool Flag { get; }

    public double? Amount { get; }

    public LocalDate? Day { get; }

    public DateTimeZone? Zone { get; }

    public override string EventType => "probe";
}

/// <summary>An event with more fields than a line's scan keeps on the stack.</summary>
public sealed record Wide : DomainEvent
{
    public Wide(string id, ImmutableArray<string?> values, Instant occurredAt, Instant? recordedAt = null, string? eventId = null)
        : base(occurredAt, recordedAt, eventId)
    {
        Id = id;
        Values = values;
    }

    public string Id { get; }

    public ImmutableArray<string?> Values { get; }

    public override string EventType => "wide";

    public bool Equals(Wide? other) => other is not null && base.Equals(other) && Id == other.Id && Values.SequenceEqual(other.Values);

    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Id);
}

/// <summary>The JSON Lines reader applies each field's type and presence rule as the schema declares it, for any schema.</summary>
public sealed class EventSchemaRulesTests
{
    private const int WideFields = 40;

    private static readonly EventSchema Probes = EventSchema.Define()
        .Event<Probe>("probe", t => t
            .Key("id", e => e.Id)
            .Boolean("flag", e => e.Flag, FieldPresence.Required)
            .Number("amount", e => e.Amount, FieldPresence.Optional)
            .Date("day", e => e.Day, FieldPresence.Nullable)
            .TimeZone("zone", e => e.Zone, FieldPresence.Optional)
            .CreatedBy(f => new Probe(f.Text("id")!, f.Boolean("flag")!.Value, f.Number("amount"), f.Date("day"), f.Zone("zone"), f.OccurredAt, f.RecordedAt, f.EventId)))
        .Build();

    private static readonly EventSchema WideSchema = EventSchema.Define()
        .Event<Wide>("wide", t =>
        {
            t.Key("id", e => e.Id);
            for (int i = 0; i < WideFields; i++)
            {
                int index = i;
                t.Text(FieldName(i), e => e.Values[index], FieldPresence.Optional);
            }

            t.CreatedBy(f => new Wide(f.Text("id")!, [.. Enumerable.Range(0, WideFields).Select(i => f.Text(FieldName(i)))], f.OccurredAt, f.RecordedAt, f.EventId));
        })
        .Build();

    private const string Line = """{"type":"probe","occurred_at":"2026-05-01T09:00:00Z","id":"p-1","flag":true,"amount":2.5,"day":"2026-05-03","zone":"Europe/Berlin"}""";

    private static string FieldName(int i) => $"f{i:D2}";

    private static EventLine Parse(EventSchema schema, string line) => new EventLogReader(schema).ParseLine(Encoding.UTF8.GetBytes(line), 3);

    [Fact]
    public void A_probe_line_reads_every_field()
        => Parse(Probes, Line).Event.Should().Be(new Probe("p-1", true, 2.5, new LocalDate(2026, 5, 3), DateTimeZoneProviders.Tzdb["Europe/Berlin"], Instant.FromUtc(2026, 5, 1, 9, 0)));

    [Theory]
    [InlineData("flag", LineRejectionCode.MissingField)]
    [InlineData("day", LineRejectionCode.MissingField)]
    public void A_required_or_nullable_field_that_is_absent_is_missing(string field, LineRejectionCode code)
        => Parse(Probes, EventLogSamples.Without(Line, field)).ShouldBeRejected(3, field, code);

    [Fact]
    public void A_required_boolean_that_is_null_is_invalid()
        => Parse(Probes, EventLogSamples.With(Line, "flag", "null")).ShouldBeRejected(3, "flag", LineRejectionCode.InvalidValue, "must be true or false, but is null");

    [Fact]
    public void A_nullable_date_that_is_null_is_none()
        => Parse(Probes, EventLogSamples.With(Line, "day", "null")).Event.Should().BeOfType<Probe>().Which.Day.Should().BeNull();

    [Theory]
    [InlineData("amount")]
    [InlineData("zone")]
    public void An_optional_field_that_is_absent_or_null_is_none(string field)
    {
        var absent = (Probe)Parse(Probes, EventLogSamples.Without(Line, field)).Event!;
        var nullValue = (Probe)Parse(Probes, EventLogSamples.With(Line, field, "null")).Event!;

        absent.Should().Be(nullValue);
        (field == "amount" ? absent.Amount is null : absent.Zone is null).Should().BeTrue();
    }

    [Theory]
    [InlineData("amount", "\"2.5\"", LineRejectionCode.InvalidValue, "must be a number or null")]
    [InlineData("amount", "\"NaN\"", LineRejectionCode.NotFinite, null)]
    [InlineData("day", "20260503", LineRejectionCode.InvalidValue, "must be a date string such as \"2026-05-03\" or null")]
    [InlineData("zone", "\"Mars/Base\"", LineRejectionCode.UnknownTimeZone, null)]
    [InlineData("zone", "1", LineRejectionCode.InvalidValue, "or null")]
    public void A_value_of_the_wrong_kind_is_rejected_by_its_fields_type(string field, string json, LineRejectionCode code, string? reason)
        => Parse(Probes, EventLogSamples.With(Line, field, json)).ShouldBeRejected(3, field, code, reason);

    [Fact]
    public void A_schema_with_more_fields_than_the_stack_holds_reads_every_field_and_rejects_duplicates()
    {
        string?[] values = [.. Enumerable.Range(0, WideFields).Select(i => i % 3 == 0 ? null : $"v{i}")];
        var line = new StringBuilder("""{"type":"wide","occurred_at":"2026-05-01T09:00:00Z","id":"w-1" """.TrimEnd());
        for (int i = WideFields - 1; i >= 0; i--)
        {
            if (values[i] is { } value)
            {
                line.Append($",\"{FieldName(i)}\":\"{value}\"");
            }
        }

        line.Append('}');

        Parse(WideSchema, line.ToString()).Event.Should().Be(new Wide("w-1", [.. values], Instant.FromUtc(2026, 5, 1, 9, 0)));
        Parse(WideSchema, line.ToString()[..^1] + ",\"f38\":\"again\"}").ShouldBeRejected(3, "f38", LineRejectionCode.DuplicateField);
        Parse(WideSchema, line.ToString()[..^1] + ",\"f\\u0033\\u0037\":\"escaped\"}").ShouldBeRejected(3, "f37", LineRejectionCode.DuplicateField);
    }

    [Fact]
    public void A_schema_with_more_fields_than_the_stack_holds_rejects_unknown_fields_in_line_order()
    {
        var reader = new EventLogReader(WideSchema, new EventLogReaderOptions { RejectUnknownFields = true });

        EventLine line = reader.ParseLine("""{"type":"wide","occurred_at":"2026-05-01T09:00:00Z","id":"w-1","colour":"red","f07":"x"}"""u8, 2);

        line.ShouldBeRejected(2, "colour", LineRejectionCode.UnknownField);
    }
}
