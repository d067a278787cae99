using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using NodaTime;
using Field = FeatureContracts.Export.Events.EventField;
using Kind = FeatureContracts.Export.Events.EventKind;

namespace FeatureContracts.Export.Events;

// The parsing of one line: a structural pass that records where each known field's value is, then checks in a fixed order.
public sealed partial class EventLogReader
{
    private const int QuoteChars = 64;
    private const int NoField = -1;
    private const int IgnoredField = -2;
    private const int StackNames = 16;

    /// <summary>Parses a line whose line break (and the one '\r' before it) is already removed.</summary>
    private EventLine Parse(ReadOnlySpan<byte> line, long lineNumber, Utf8StringCache? cache)
    {
        if (line.Length > _maxLineBytes)
        {
            return TooLong(lineNumber, line.Length, line);
        }

        if (IsBlank(line))
        {
            return Reject(lineNumber, null, LineRejectionCode.EmptyLine, "The line is blank; every line must hold one JSON object.");
        }

        if (!Utf8.IsValid(line))
        {
            return Reject(
                lineNumber,
                null,
                LineRejectionCode.MalformedJson,
                string.Create(CultureInfo.InvariantCulture, $"The line is not valid UTF-8 (invalid byte sequence at byte {FirstInvalidUtf8(line)}): {Excerpt(line)}"));
        }

        Span<FieldSlot> slots = stackalloc FieldSlot[EventSchema.FieldCount];
        if (!TryScan(line, lineNumber, slots, out NameRef firstUnknown, out EventLine rejected))
        {
            return rejected;
        }

        var fields = new LineFields(line, slots, lineNumber, _zones, cache);
        return fields.Build(_rejectUnknownFields, firstUnknown);
    }

    private EventLine TooLong(long lineNumber, long length, ReadOnlySpan<byte> start)
        => Reject(
            lineNumber,
            null,
            LineRejectionCode.LineTooLong,
            string.Create(
                CultureInfo.InvariantCulture,
                $"The line is {length} bytes long, over the limit of {_maxLineBytes} bytes; it was skipped unread. It starts: {Excerpt(start)}"));

    /// <summary>
    /// Reads the whole line once: checks it is well-formed, not too deep, an object without repeated properties,
    /// and records where each known field's value is.
    /// </summary>
    private bool TryScan(ReadOnlySpan<byte> line, long lineNumber, Span<FieldSlot> slots, out NameRef firstUnknown, out EventLine rejected)
    {
        firstUnknown = NameRef.None;
        rejected = default;
        var reader = new Utf8JsonReader(
            line,
            new JsonReaderOptions { MaxDepth = _maxDepth + 1, CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false });
        Span<NameRef> names = stackalloc NameRef[StackNames];
        int nameCount = 0;
        HashSet<string>? nameSet = null;
        bool isObject = false;
        int current = NoField;
        string? duplicate = null;
        try
        {
            while (reader.Read())
            {
                int depth = reader.CurrentDepth;
                JsonTokenType token = reader.TokenType;
                switch (token)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        if (depth >= _maxDepth)
                        {
                            rejected = Reject(
                                lineNumber,
                                null,
                                LineRejectionCode.TooDeep,
                                string.Create(
                                    CultureInfo.InvariantCulture,
                                    $"The JSON nests deeper than the limit of {_maxDepth} levels (at byte {reader.TokenStartIndex}): {Excerpt(line)}"));
                            return false;
                        }

                        if (depth == 0)
                        {
                            isObject = token == JsonTokenType.StartObject;
                        }
                        else if (depth == 1 && current >= 0)
                        {
                            slots[current].Kind = token;
                            slots[current].ValueStart = (int)reader.TokenStartIndex;
                        }

                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        if (depth == 1 && current >= 0)
                        {
                            slots[current].ValueEnd = (int)reader.BytesConsumed;
                        }

                        break;
                    case JsonTokenType.PropertyName:
                        if (depth == 1)
                        {
                            current = OnPropertyName(ref reader, line, slots, names, ref nameCount, ref nameSet, ref firstUnknown, ref duplicate);
                        }

                        break;
                    default:
                        if (depth == 1 && current >= 0)
                        {
                            ref FieldSlot slot = ref slots[current];
                            slot.Kind = token;
                            slot.ValueStart = (int)reader.TokenStartIndex;
                            slot.ValueEnd = (int)reader.BytesConsumed;
                            slot.Escaped = reader.ValueIsEscaped;
                        }

                        break;
                }
            }
        }
        catch (JsonException e)
        {
            rejected = Reject(
                lineNumber,
                null,
                LineRejectionCode.MalformedJson,
                string.Create(CultureInfo.InvariantCulture, $"The line is not valid JSON at byte {e.BytePositionInLine ?? 0}: {WithoutPosition(e.Message)} It reads: {Excerpt(line)}"));
            return false;
        }
        catch (InvalidOperationException)
        {
            // Unescaping a property name with an unpaired surrogate escape (\ud800).
            rejected = Reject(
                lineNumber,
                null,
                LineRejectionCode.MalformedJson,
                $"The line has a property name with an invalid \\u escape (an unpaired surrogate): {Excerpt(line)}");
            return false;
        }

        if (!isObject)
        {
            rejected = Reject(lineNumber, null, LineRejectionCode.NotAnObject, $"The line is JSON but not an object; every line must hold one JSON object: {Excerpt(line)}");
            return false;
        }

        if (duplicate is not null)
        {
            rejected = Reject(
                lineNumber,
                duplicate,
                LineRejectionCode.DuplicateField,
                $"The field {Quote(duplicate)} appears more than once in the object, so which value counts would be ambiguous.");
            return false;
        }

        return true;
    }

    /// <summary>Notes a top-level property name; returns the slot its value goes to, or <see cref="IgnoredField"/>.</summary>
    private static int OnPropertyName(
        ref Utf8JsonReader reader,
        scoped ReadOnlySpan<byte> line,
        scoped Span<FieldSlot> slots,
        scoped Span<NameRef> names,
        ref int nameCount,
        ref HashSet<string>? nameSet,
        ref NameRef firstUnknown,
        ref string? duplicate)
    {
        int index = MatchName(ref reader);
        int nameStart = (int)reader.TokenStartIndex;
        if (index >= 0)
        {
            ref FieldSlot slot = ref slots[index];
            if (slot.Present)
            {
                duplicate ??= EventSchema.NameOf((Field)index);
                return IgnoredField;
            }

            slot.Present = true;
            slot.NameStart = nameStart;
            return index;
        }

        var name = new NameRef(nameStart, reader.ValueSpan.Length + 2, reader.ValueIsEscaped);
        if (firstUnknown.Start < 0)
        {
            firstUnknown = name;
        }

        if (nameSet is null && !name.Escaped && nameCount < names.Length)
        {
            ReadOnlySpan<byte> raw = reader.ValueSpan;
            for (int i = 0; i < nameCount; i++)
            {
                if (names[i].Content(line).SequenceEqual(raw))
                {
                    duplicate ??= Encoding.UTF8.GetString(raw);
                    return IgnoredField;
                }
            }

            names[nameCount++] = name;
            return IgnoredField;
        }

        if (nameSet is null)
        {
            nameSet = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < nameCount; i++)
            {
                nameSet.Add(Encoding.UTF8.GetString(names[i].Content(line)));
            }
        }

        string text = reader.GetString()!;
        if (!nameSet.Add(text))
        {
            duplicate ??= text;
        }

        return IgnoredField;
    }

    private static int MatchName(ref Utf8JsonReader reader)
    {
        ReadOnlySpan<byte> raw = reader.ValueSpan;
        if (!reader.ValueIsEscaped)
        {
            return MatchField(raw);
        }

        // An escaped name can still be a known one ("typ\u0065"); the longest known name escapes to 96 bytes.
        if (raw.Length > 128)
        {
            return NoField;
        }

        Span<byte> unescaped = stackalloc byte[128];
        int length = reader.CopyString(unescaped);
        return MatchField(unescaped[..length]);
    }

    private static int MatchField(ReadOnlySpan<byte> name) => name.Length switch
    {
        4 when name.SequenceEqual("type"u8) => (int)Field.Type,
        6 when name.SequenceEqual("origin"u8) => (int)Field.Origin,
        7 when name.SequenceEqual("carrier"u8) => (int)Field.Carrier,
        8 when name.SequenceEqual("order_id"u8) => (int)Field.OrderId,
        8 when name.SequenceEqual("event_id"u8) => (int)Field.EventId,
        8 when name.SequenceEqual("location"u8) => (int)Field.Location,
        9 when name.SequenceEqual("expedited"u8) => (int)Field.Expedited,
        9 when name.SequenceEqual("warehouse"u8) => (int)Field.Warehouse,
        11 when name.SequenceEqual("occurred_at"u8) => (int)Field.OccurredAt,
        11 when name.SequenceEqual("recorded_at"u8) => (int)Field.RecordedAt,
        11 when name.SequenceEqual("distance_km"u8) => (int)Field.DistanceKm,
        12 when name.SequenceEqual("queue_length"u8) => (int)Field.QueueLength,
        13 when name.SequenceEqual("promised_date"u8) => (int)Field.PromisedDate,
        16 when name.SequenceEqual("destination_zone"u8) => (int)Field.DestinationZone,
        _ => NoField,
    };

    private static bool IsBlank(ReadOnlySpan<byte> line)
    {
        foreach (byte b in line)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r'))
            {
                return false;
            }
        }

        return true;
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> line)
    {
        int at = 0;
        while (at < line.Length)
        {
            if (System.Text.Rune.DecodeFromUtf8(line[at..], out _, out int consumed) != System.Buffers.OperationStatus.Done)
            {
                return at;
            }

            at += consumed;
        }

        return at;
    }

    /// <summary>A JSON reader message without its "LineNumber: 0 | BytePositionInLine: n." suffix.</summary>
    private static string WithoutPosition(string message)
    {
        int at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return at < 0 ? message : message[..at];
    }

    private static EventLine Reject(long lineNumber, string? field, LineRejectionCode code, string reason)
        => EventLine.Rejected(new LineRejection(lineNumber, field, code, reason));

    /// <summary>UTF-8 text for a reason: at most 64 characters, with "..." when cut.</summary>
    private static string Excerpt(ReadOnlySpan<byte> utf8)
    {
        ReadOnlySpan<byte> head = utf8.Length > QuoteChars * 4 ? utf8[..(QuoteChars * 4)] : utf8;
        return Cut(Encoding.UTF8.GetString(head), head.Length < utf8.Length);
    }

    private static string Quote(string text) => "\"" + Cut(text, false) + "\"";

    private static string Cut(string text, bool alreadyCut)
    {
        if (text.Length > QuoteChars)
        {
            int length = char.IsHighSurrogate(text[QuoteChars - 1]) ? QuoteChars - 1 : QuoteChars;
            text = text[..length];
            alreadyCut = true;
        }

        return alreadyCut ? text + "..." : text;
    }

    /// <summary>Where a known field's value is in the line.</summary>
    private struct FieldSlot
    {
        public bool Present;
        public bool Escaped;
        public JsonTokenType Kind;
        public int NameStart;
        public int ValueStart;
        public int ValueEnd;
    }

    /// <summary>A property name token (with its quotes) in the line.</summary>
    private readonly struct NameRef(int start, int length, bool escaped)
    {
        public static NameRef None => new(-1, 0, false);

        public int Start { get; } = start;

        public int Length { get; } = length;

        public bool Escaped { get; } = escaped;

        public ReadOnlySpan<byte> Token(ReadOnlySpan<byte> line) => line.Slice(Start, Length);

        public ReadOnlySpan<byte> Content(ReadOnlySpan<byte> line) => line.Slice(Start + 1, Length - 2);
    }

    /// <summary>The second pass: checks the recorded fields in the fixed order and builds the event.</summary>
    private ref struct LineFields
    {
        private readonly ReadOnlySpan<byte> _line;
        private readonly Span<FieldSlot> _slots;
        private readonly long _lineNumber;
        private readonly IDateTimeZoneProvider _zones;
        private readonly Utf8StringCache? _cache;

        public LineFields(ReadOnlySpan<byte> line, Span<FieldSlot> slots, long lineNumber, IDateTimeZoneProvider zones, Utf8StringCache? cache)
        {
            _line = line;
            _slots = slots;
            _lineNumber = lineNumber;
            _zones = zones;
            _cache = cache;
        }

        public readonly EventLine Build(bool rejectUnknownFields, NameRef firstUnknown)
        {
            if (!TryKind(out Kind kind, out EventLine rejected))
            {
                return rejected;
            }

            if (rejectUnknownFields && HasUnknownField(kind, firstUnknown, out rejected))
            {
                return rejected;
            }

            if (!TryTimestamp(Field.OccurredAt, required: true, out Instant? occurred, out rejected)
                || !TryTimestamp(Field.RecordedAt, required: false, out Instant? recorded, out rejected))
            {
                return rejected;
            }

            Instant occurredAt = occurred!.Value;
            if (recorded < occurredAt)
            {
                return Reject(
                    Field.RecordedAt,
                    LineRejectionCode.RecordedBeforeOccurred,
                    $"recorded_at {Raw(Field.RecordedAt)} is earlier than occurred_at {Raw(Field.OccurredAt)}; a fact cannot be known before it happens.");
            }

            if (!TryText(Field.EventId, FieldRule.OptionalText, shared: false, out string? eventId, out rejected))
            {
                return rejected;
            }

            var values = default(EventValues);
            foreach (FieldSpec spec in EventSchema.FieldsOf(kind))
            {
                if (!TryField(spec, ref values, out rejected))
                {
                    return rejected;
                }
            }

            return EventLine.Accepted(_lineNumber, EventSchema.Create(kind, occurredAt, recorded, eventId, values));
        }

        /// <summary>Checks one type-specific field by its rule and stores its value.</summary>
        private readonly bool TryField(FieldSpec spec, ref EventValues values, out EventLine rejected)
        {
            switch (spec.Rule)
            {
                case FieldRule.RequiredText:
                case FieldRule.NullableText:
                case FieldRule.OptionalText:
                    if (!TryText(spec.Field, spec.Rule, spec.Shared, out string? text, out rejected))
                    {
                        return false;
                    }

                    values.SetText(spec.Field, text);
                    return true;
                case FieldRule.NullableNumber:
                case FieldRule.RequiredNumber:
                    if (!TryNumber(spec.Field, nullable: spec.Rule == FieldRule.NullableNumber, out double? number, out rejected))
                    {
                        return false;
                    }

                    values.SetNumber(spec.Field, number);
                    return true;
                case FieldRule.OptionalBoolean:
                    return TryBoolean(spec.Field, out values.Expedited, out rejected);
                case FieldRule.Date:
                    return TryDate(spec.Field, out values.PromisedDate, out rejected);
                default:
                    return TryZone(spec.Field, out values.DestinationZone, out rejected);
            }
        }

        private readonly bool TryKind(out Kind kind, out EventLine rejected)
        {
            kind = default;
            rejected = default;
            ref readonly FieldSlot slot = ref _slots[(int)Field.Type];
            if (!slot.Present)
            {
                rejected = Reject(Field.Type, LineRejectionCode.MissingField, $"The required field \"type\" is absent; it names the event type: {EventSchema.TypeList}.");
                return false;
            }

            if (slot.Kind != JsonTokenType.String)
            {
                rejected = Reject(Field.Type, LineRejectionCode.InvalidValue, $"type must be a string naming the event type ({EventSchema.TypeList}), but is {Raw(Field.Type)}.");
                return false;
            }

            ReadOnlySpan<byte> name = Content(slot);
            byte[]? unescaped = null;
            if (slot.Escaped)
            {
                unescaped = TryUnescape(slot, out string? text) ? Encoding.UTF8.GetBytes(text!) : [];
                name = unescaped;
            }

            if (!EventSchema.TryParseKind(name, out kind))
            {
                rejected = Reject(Field.Type, LineRejectionCode.UnknownType, $"type {Raw(Field.Type)} is not an event type; expected {EventSchema.TypeList}.");
                return false;
            }

            return true;
        }

        private readonly bool HasUnknownField(Kind kind, NameRef firstUnknown, out EventLine rejected)
        {
            int firstAt = firstUnknown.Start < 0 ? int.MaxValue : firstUnknown.Start;
            int firstSlot = NoField;
            for (int i = 0; i < EventSchema.FieldCount; i++)
            {
                ref readonly FieldSlot slot = ref _slots[i];
                if (slot.Present && !EventSchema.Allows(kind, (Field)i) && slot.NameStart < firstAt)
                {
                    firstAt = slot.NameStart;
                    firstSlot = i;
                }
            }

            if (firstAt == int.MaxValue)
            {
                rejected = default;
                return false;
            }

            string name = firstSlot >= 0 ? EventSchema.NameOf((Field)firstSlot) : NameText(firstUnknown);
            rejected = EventLine.Rejected(new LineRejection(
                _lineNumber,
                name,
                LineRejectionCode.UnknownField,
                $"{Quote(name)} is not a field of a {EventSchema.TypeNameOf(kind)} event, and this reader rejects unknown fields."));
            return true;
        }

        private readonly string NameText(NameRef name)
        {
            if (!name.Escaped)
            {
                return Encoding.UTF8.GetString(name.Content(_line));
            }

            // The structural pass already unescaped this name successfully.
            var reader = new Utf8JsonReader(name.Token(_line));
            reader.Read();
            return reader.GetString()!;
        }

        private readonly bool TryText(Field field, FieldRule rule, bool shared, out string? value, out EventLine rejected)
        {
            value = null;
            rejected = default;
            ref readonly FieldSlot slot = ref _slots[(int)field];
            string name = EventSchema.NameOf(field);
            if (!slot.Present)
            {
                if (rule == FieldRule.OptionalText)
                {
                    return true;
                }

                rejected = Missing(field);
                return false;
            }

            if (slot.Kind == JsonTokenType.Null && rule != FieldRule.RequiredText)
            {
                return true;
            }

            string expected = rule == FieldRule.RequiredText ? "a non-blank string" : "a non-blank string or null";
            if (slot.Kind != JsonTokenType.String)
            {
                rejected = Reject(field, LineRejectionCode.InvalidValue, $"{name} must be {expected}, but is {Raw(field)}.");
                return false;
            }

            if (slot.Escaped)
            {
                if (!TryUnescape(slot, out value))
                {
                    rejected = InvalidEscape(field);
                    return false;
                }
            }
            else
            {
                ReadOnlySpan<byte> content = Content(slot);
                value = shared && _cache is not null ? _cache.Get(content) : Encoding.UTF8.GetString(content);
            }

            if (string.IsNullOrWhiteSpace(value))
            {
                value = null;
                rejected = Reject(field, LineRejectionCode.InvalidValue, $"{name} must be {expected}, but is {Raw(field)}.");
                return false;
            }

            return true;
        }

        private readonly bool TryTimestamp(Field field, bool required, out Instant? value, out EventLine rejected)
        {
            value = null;
            rejected = default;
            ref readonly FieldSlot slot = ref _slots[(int)field];
            string name = EventSchema.NameOf(field);
            if (!slot.Present || (!required && slot.Kind == JsonTokenType.Null))
            {
                if (required)
                {
                    rejected = Missing(field);
                    return false;
                }

                return true;
            }

            if (slot.Kind != JsonTokenType.String)
            {
                rejected = Reject(
                    field,
                    LineRejectionCode.InvalidValue,
                    $"{name} must be an ISO-8601 timestamp string with Z or an offset, such as \"2026-05-01T09:00:00Z\", but is {Raw(field)}.");
                return false;
            }

            if (!slot.Escaped && IsoText.TryParseInstantFast(Content(slot), out Instant fast))
            {
                value = fast;
                return true;
            }

            if (!TryText(slot, field, out string? text, out rejected))
            {
                return false;
            }

            TimestampStatus status = IsoText.ParseInstant(text!, out Instant parsed);
            if (status == TimestampStatus.Valid)
            {
                value = parsed;
                return true;
            }

            (LineRejectionCode code, string reason) = IsoText.Problem(status, name, Raw(field));
            rejected = Reject(field, code, reason);
            return false;
        }

        private readonly bool TryNumber(Field field, bool nullable, out double? value, out EventLine rejected)
        {
            value = null;
            rejected = default;
            ref readonly FieldSlot slot = ref _slots[(int)field];
            string name = EventSchema.NameOf(field);
            string expected = nullable ? "a number or null" : "a number";
            if (!slot.Present)
            {
                rejected = Missing(field);
                return false;
            }

            switch (slot.Kind)
            {
                case JsonTokenType.Null when nullable:
                    return true;
                case JsonTokenType.Number:
                    // A JSON number always parses; one beyond the range of double becomes infinite.
                    double number = double.Parse(Token(slot), NumberStyles.Float, CultureInfo.InvariantCulture);
                    if (!double.IsFinite(number))
                    {
                        rejected = NotFinite(field);
                        return false;
                    }

                    value = number;
                    return true;
                case JsonTokenType.String when IsNamedNonFinite(slot):
                    rejected = NotFinite(field);
                    return false;
                default:
                    rejected = Reject(field, LineRejectionCode.InvalidValue, $"{name} must be {expected}, but is {Raw(field)}.");
                    return false;
            }
        }

        private readonly bool IsNamedNonFinite(in FieldSlot slot)
        {
            if (!slot.Escaped)
            {
                ReadOnlySpan<byte> content = Content(slot);
                return content.SequenceEqual("NaN"u8) || content.SequenceEqual("Infinity"u8) || content.SequenceEqual("-Infinity"u8);
            }

            return TryUnescape(slot, out string? text) && text is "NaN" or "Infinity" or "-Infinity";
        }

        private readonly bool TryBoolean(Field field, out bool? value, out EventLine rejected)
        {
            value = null;
            rejected = default;
            ref readonly FieldSlot slot = ref _slots[(int)field];
            if (!slot.Present)
            {
                return true;
            }

            switch (slot.Kind)
            {
                case JsonTokenType.Null:
                    return true;
                case JsonTokenType.True:
                    value = true;
                    return true;
                case JsonTokenType.False:
                    value = false;
                    return true;
                default:
                    rejected = Reject(field, LineRejectionCode.InvalidValue, $"{EventSchema.NameOf(field)} must be true, false or null, but is {Raw(field)}.");
                    return false;
            }
        }

        private readonly bool TryDate(Field field, out LocalDate value, out EventLine rejected)
        {
            value = default;
            rejected = default;
            ref readonly FieldSlot slot = ref _slots[(int)field];
            string name = EventSchema.NameOf(field);
            if (!slot.Present)
            {
                rejected = Missing(field);
                return false;
            }

            if (slot.Kind != JsonTokenType.String)
            {
                rejected = Reject(field, LineRejectionCode.InvalidValue, $"{name} must be a date string such as \"2026-05-03\", but is {Raw(field)}.");
                return false;
            }

            if (!slot.Escaped && IsoText.TryParseDateFast(Content(slot), out value))
            {
                return true;
            }

            if (!TryText(slot, field, out string? text, out rejected))
            {
                return false;
            }

            if (IsoText.TryParseDate(text!, out value))
            {
                return true;
            }

            rejected = Reject(field, LineRejectionCode.InvalidDate, $"{name} {Raw(field)} is not an ISO-8601 calendar date (yyyy-MM-dd).");
            return false;
        }

        private readonly bool TryZone(Field field, out DateTimeZone? zone, out EventLine rejected)
        {
            zone = null;
            rejected = default;
            ref readonly FieldSlot slot = ref _slots[(int)field];
            string name = EventSchema.NameOf(field);
            if (!slot.Present)
            {
                rejected = Missing(field);
                return false;
            }

            if (slot.Kind != JsonTokenType.String)
            {
                rejected = Reject(field, LineRejectionCode.InvalidValue, $"{name} must be an IANA time zone id such as \"Europe/Berlin\", but is {Raw(field)}.");
                return false;
            }

            string? id;
            if (slot.Escaped)
            {
                if (!TryUnescape(slot, out id))
                {
                    rejected = InvalidEscape(field);
                    return false;
                }
            }
            else
            {
                ReadOnlySpan<byte> content = Content(slot);
                id = _cache is not null ? _cache.Get(content) : Encoding.UTF8.GetString(content);
            }

            zone = _cache is not null ? _cache.Zone(_zones, id!) : _zones.GetZoneOrNull(id!);
            if (zone is not null)
            {
                return true;
            }

            rejected = Reject(field, LineRejectionCode.UnknownTimeZone, $"{name} {Raw(field)} is not a known IANA time zone id (such as \"Europe/Berlin\").");
            return false;
        }

        private readonly bool TryUnescape(in FieldSlot slot, out string? text)
        {
            var reader = new Utf8JsonReader(Token(slot));
            reader.Read();
            try
            {
                text = reader.GetString();
                return true;
            }
            catch (InvalidOperationException)
            {
                // An unpaired surrogate escape (\ud800).
                text = null;
                return false;
            }
        }

        /// <summary>A string token's text, unescaped where it has escapes.</summary>
        private readonly bool TryText(in FieldSlot slot, Field field, out string? text, out EventLine rejected)
        {
            rejected = default;
            if (!slot.Escaped)
            {
                text = Encoding.UTF8.GetString(Content(slot));
                return true;
            }

            if (TryUnescape(slot, out text))
            {
                return true;
            }

            rejected = InvalidEscape(field);
            return false;
        }

        private readonly ReadOnlySpan<byte> Token(in FieldSlot slot) => _line[slot.ValueStart..slot.ValueEnd];

        /// <summary>A string token's raw content, between its quotes.</summary>
        private readonly ReadOnlySpan<byte> Content(in FieldSlot slot) => _line[(slot.ValueStart + 1)..(slot.ValueEnd - 1)];

        /// <summary>The field's value as written in the line (JSON text), for a reason.</summary>
        private readonly string Raw(Field field) => Excerpt(Token(_slots[(int)field]));

        private readonly EventLine Missing(Field field)
            => Reject(field, LineRejectionCode.MissingField, $"The required field \"{EventSchema.NameOf(field)}\" is absent.");

        private readonly EventLine NotFinite(Field field)
            => Reject(field, LineRejectionCode.NotFinite, $"{EventSchema.NameOf(field)} is {Raw(field)}, which is not a finite number.");

        private readonly EventLine InvalidEscape(Field field)
            => Reject(field, LineRejectionCode.InvalidValue, $"{EventSchema.NameOf(field)} {Raw(field)} is not valid text: it has an unpaired surrogate \\u escape.");

        private readonly EventLine Reject(Field field, LineRejectionCode code, string reason)
            => EventLine.Rejected(new LineRejection(_lineNumber, EventSchema.NameOf(field), code, reason));
    }
}
