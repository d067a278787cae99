using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using FeatureContracts.Domains;
using FeatureContracts.Serialization;
using NodaTime;

namespace FeatureContracts.Export.Events;

// The parsing of one line: a structural pass that records where each known field's value is, then checks in a fixed order.
public sealed partial class EventLogReader
{
    private const int QuoteChars = EventLineRules.QuotedCharacters;
    private const int NoField = -1;
    private const int IgnoredField = -2;
    private const int StackNames = 16;

    /// <summary>How many field slots a line's scan keeps on the stack; a schema with more fields rents them.</summary>
    private const int StackSlots = 32;

    /// <summary>Parses a line whose line break (and the one '\r' before it) is already removed.</summary>
    internal EventLine Parse(ReadOnlySpan<byte> line, long lineNumber, Utf8StringCache? cache)
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
                string.Create(CultureInfo.InvariantCulture, $"The line is not valid UTF-8 (invalid byte sequence at byte {StrictUtf8.IndexOfInvalid(line)}): {Excerpt(line)}"));
        }

        JsonFieldTable table = _table;
        FieldSlot[]? rented = null;
        Span<FieldSlot> slots = table.Count <= StackSlots
            ? stackalloc FieldSlot[StackSlots]
            : (rented = ArrayPool<FieldSlot>.Shared.Rent(table.Count));
        slots = slots[..table.Count];
        if (rented is not null)
        {
            slots.Clear();
        }

        try
        {
            if (!TryScan(line, lineNumber, slots, out NameRef firstUnknown, out EventLine rejected))
            {
                return rejected;
            }

            var fields = new LineFields(table, line, slots, lineNumber, _zones, cache);
            return fields.Build(_rejectUnknownFields, firstUnknown);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<FieldSlot>.Shared.Return(rented);
            }
        }
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
                            current = OnPropertyName(_table, ref reader, line, slots, names, ref nameCount, ref nameSet, ref firstUnknown, ref duplicate);
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
        JsonFieldTable table,
        ref Utf8JsonReader reader,
        scoped ReadOnlySpan<byte> line,
        scoped Span<FieldSlot> slots,
        scoped Span<NameRef> names,
        ref int nameCount,
        ref HashSet<string>? nameSet,
        ref NameRef firstUnknown,
        ref string? duplicate)
    {
        int index = MatchName(table, ref reader);
        int nameStart = (int)reader.TokenStartIndex;
        if (index >= 0)
        {
            ref FieldSlot slot = ref slots[index];
            if (slot.Present)
            {
                duplicate ??= table.Names[index];
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

    private static int MatchName(JsonFieldTable table, ref Utf8JsonReader reader)
    {
        ReadOnlySpan<byte> raw = reader.ValueSpan;
        if (!reader.ValueIsEscaped)
        {
            return table.SlotOf(raw);
        }

        // An escaped name can still be a known one ("typ\u0065"); a name escapes to at most six bytes per byte.
        if (raw.Length > table.MaxNameBytes * 6)
        {
            return NoField;
        }

        Span<byte> unescaped = raw.Length <= 256 ? stackalloc byte[256] : new byte[raw.Length];
        int length = reader.CopyString(unescaped);
        return table.SlotOf(unescaped[..length]);
    }

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

    private static string Quote(string text) => EventLineRules.Quote(text);

    private static string Cut(string text, bool alreadyCut) => EventLineRules.Cut(text, alreadyCut);

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
        private readonly JsonFieldTable _table;
        private readonly ReadOnlySpan<byte> _line;
        private readonly Span<FieldSlot> _slots;
        private readonly long _lineNumber;
        private readonly IDateTimeZoneProvider _zones;
        private readonly Utf8StringCache? _cache;

        public LineFields(JsonFieldTable table, ReadOnlySpan<byte> line, Span<FieldSlot> slots, long lineNumber, IDateTimeZoneProvider zones, Utf8StringCache? cache)
        {
            _table = table;
            _line = line;
            _slots = slots;
            _lineNumber = lineNumber;
            _zones = zones;
            _cache = cache;
        }

        public readonly EventLine Build(bool rejectUnknownFields, NameRef firstUnknown)
        {
            if (!TryType(out EventTypeSchema? entry, out EventLine rejected))
            {
                return rejected;
            }

            if (rejectUnknownFields && HasUnknownField(entry, firstUnknown, out rejected))
            {
                return rejected;
            }

            if (!TryTimestamp(JsonFieldTable.OccurredAtSlot, required: true, out Instant? occurred, out rejected)
                || !TryTimestamp(JsonFieldTable.RecordedAtSlot, required: false, out Instant? recorded, out rejected))
            {
                return rejected;
            }

            Instant occurredAt = occurred!.Value;
            if (recorded < occurredAt)
            {
                return EventLine.Rejected(EventLineRules.RecordedBeforeOccurred(_lineNumber, Raw(JsonFieldTable.RecordedAtSlot), Raw(JsonFieldTable.OccurredAtSlot)));
            }

            if (!TryText(JsonFieldTable.EventIdSlot, FieldPresence.Optional, shared: false, out string? eventId, out rejected))
            {
                return rejected;
            }

            EventTypeSchema type = entry;
            EventFieldValue[] values = _cache?.Values(type) ?? new EventFieldValue[type.Fields.Length];
            for (int i = 0; i < values.Length; i++)
            {
                if (!TryField(type.Fields[i], entry.Slots[i], out values[i], out rejected))
                {
                    return rejected;
                }
            }

            return EventLineRules.Create(_lineNumber, type, occurredAt, recorded, eventId, values);
        }

        /// <summary>Checks one type-specific field by its type and presence rule.</summary>
        private readonly bool TryField(EventFieldSchema field, int slot, out EventFieldValue value, out EventLine rejected)
        {
            switch (field.Type)
            {
                case EventFieldType.Text:
                    bool ok = TryText(slot, field.Presence, field.Shared, out string? text, out rejected);
                    value = ok ? EventFieldValue.OfText(text) : default;
                    return ok;
                case EventFieldType.Number:
                    ok = TryNumber(slot, field.Presence, out double? number, out rejected);
                    value = ok ? EventFieldValue.OfNumber(number) : default;
                    return ok;
                case EventFieldType.Boolean:
                    ok = TryBoolean(slot, field.Presence, out bool? flag, out rejected);
                    value = ok ? EventFieldValue.OfBoolean(flag) : default;
                    return ok;
                case EventFieldType.Date:
                    ok = TryDate(slot, field.Presence, out LocalDate? date, out rejected);
                    value = ok ? EventFieldValue.OfDate(date) : default;
                    return ok;
                default:
                    ok = TryZone(slot, field.Presence, out DateTimeZone? zone, out rejected);
                    value = ok ? EventFieldValue.OfZone(zone) : default;
                    return ok;
            }
        }

        private readonly bool TryType([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out EventTypeSchema? entry, out EventLine rejected)
        {
            entry = null;
            rejected = default;
            const int slotIndex = JsonFieldTable.TypeSlot;
            ref readonly FieldSlot slot = ref _slots[slotIndex];
            string types = _table.Schema.TypeList;
            if (!slot.Present)
            {
                rejected = Reject(slotIndex, LineRejectionCode.MissingField, $"The required field \"type\" is absent; it names the event type: {types}.");
                return false;
            }

            if (slot.Kind != JsonTokenType.String)
            {
                rejected = Reject(slotIndex, LineRejectionCode.InvalidValue, $"type must be a string naming the event type ({types}), but is {Raw(slotIndex)}.");
                return false;
            }

            ReadOnlySpan<byte> name = Content(slot);
            byte[]? unescaped = null;
            if (slot.Escaped)
            {
                unescaped = TryUnescape(slot, out string? text) ? Encoding.UTF8.GetBytes(text!) : [];
                name = unescaped;
            }

            entry = _table.TypeOf(name);
            if (entry is null)
            {
                rejected = EventLine.Rejected(EventLineRules.UnknownType(_lineNumber, _table.Schema, Raw(slotIndex)));
                return false;
            }

            return true;
        }

        private readonly bool HasUnknownField(EventTypeSchema entry, NameRef firstUnknown, out EventLine rejected)
        {
            int firstAt = firstUnknown.Start < 0 ? int.MaxValue : firstUnknown.Start;
            int firstSlot = NoField;
            for (int i = 0; i < _slots.Length; i++)
            {
                ref readonly FieldSlot slot = ref _slots[i];
                if (slot.Present && !entry.Allows(i) && slot.NameStart < firstAt)
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

            string name = firstSlot >= 0 ? _table.Names[firstSlot] : NameText(firstUnknown);
            rejected = EventLine.Rejected(new LineRejection(
                _lineNumber,
                name,
                LineRejectionCode.UnknownField,
                $"{Quote(name)} is not a field of a {entry.Name} event, and this reader rejects unknown fields."));
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

        private readonly bool TryText(int index, FieldPresence presence, bool shared, out string? value, out EventLine rejected)
        {
            value = null;
            rejected = default;
            ref readonly FieldSlot slot = ref _slots[index];
            if (!slot.Present)
            {
                if (presence == FieldPresence.Optional)
                {
                    return true;
                }

                rejected = Missing(index);
                return false;
            }

            if (slot.Kind == JsonTokenType.Null && presence != FieldPresence.Required)
            {
                return true;
            }

            if (slot.Kind != JsonTokenType.String)
            {
                rejected = EventLine.Rejected(EventLineRules.InvalidText(_lineNumber, _table.Names[index], presence, Raw(index)));
                return false;
            }

            if (slot.Escaped)
            {
                if (!TryUnescape(slot, out value))
                {
                    rejected = InvalidEscape(index);
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
                rejected = EventLine.Rejected(EventLineRules.InvalidText(_lineNumber, _table.Names[index], presence, Raw(index)));
                return false;
            }

            return true;
        }

        private readonly bool TryTimestamp(int index, bool required, out Instant? value, out EventLine rejected)
        {
            value = null;
            rejected = default;
            ref readonly FieldSlot slot = ref _slots[index];
            string name = _table.Names[index];
            if (!slot.Present || (!required && slot.Kind == JsonTokenType.Null))
            {
                if (required)
                {
                    rejected = Missing(index);
                    return false;
                }

                return true;
            }

            if (slot.Kind != JsonTokenType.String)
            {
                rejected = Reject(
                    index,
                    LineRejectionCode.InvalidValue,
                    $"{name} must be an ISO-8601 timestamp string with Z or an offset, such as \"2026-05-01T09:00:00Z\", but is {Raw(index)}.");
                return false;
            }

            LineRejection? problem;
            if (!slot.Escaped && IsoText.TryParseInstantFast(Content(slot), out Instant fast))
            {
                // The reason's quote of the value is made only for a rejection.
                if (EventLineRules.PlausibleInstants.Contains(fast) || EventLineRules.TryPlausible(_lineNumber, name, fast, Raw(index), out problem))
                {
                    value = fast;
                    return true;
                }

                rejected = EventLine.Rejected(problem);
                return false;
            }

            if (!TryText(slot, index, out string? text, out rejected))
            {
                return false;
            }

            if (EventLineRules.TryInstant(_lineNumber, name, text!, Raw(index), out Instant parsed, out problem))
            {
                value = parsed;
                return true;
            }

            rejected = EventLine.Rejected(problem);
            return false;
        }

        private readonly bool TryNumber(int index, FieldPresence presence, out double? value, out EventLine rejected)
        {
            value = null;
            rejected = default;
            ref readonly FieldSlot slot = ref _slots[index];
            string name = _table.Names[index];
            if (!slot.Present)
            {
                if (presence == FieldPresence.Optional)
                {
                    return true;
                }

                rejected = Missing(index);
                return false;
            }

            switch (slot.Kind)
            {
                case JsonTokenType.Null when presence != FieldPresence.Required:
                    return true;
                case JsonTokenType.Number:
                    // A JSON number always parses; one beyond the range of double becomes infinite.
                    double number = double.Parse(Token(slot), NumberStyles.Float, CultureInfo.InvariantCulture);
                    if (!double.IsFinite(number))
                    {
                        rejected = EventLine.Rejected(EventLineRules.NotFinite(_lineNumber, name, Raw(index)));
                        return false;
                    }

                    value = number;
                    return true;
                case JsonTokenType.String when IsNamedNonFinite(slot):
                    rejected = EventLine.Rejected(EventLineRules.NotFinite(_lineNumber, name, Raw(index)));
                    return false;
                default:
                    string expected = presence == FieldPresence.Required ? "a number" : "a number or null";
                    rejected = Reject(index, LineRejectionCode.InvalidValue, $"{name} must be {expected}, but is {Raw(index)}.");
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

        private readonly bool TryBoolean(int index, FieldPresence presence, out bool? value, out EventLine rejected)
        {
            value = null;
            rejected = default;
            ref readonly FieldSlot slot = ref _slots[index];
            if (!slot.Present)
            {
                if (presence == FieldPresence.Optional)
                {
                    return true;
                }

                rejected = Missing(index);
                return false;
            }

            switch (slot.Kind)
            {
                case JsonTokenType.Null when presence != FieldPresence.Required:
                    return true;
                case JsonTokenType.True:
                    value = true;
                    return true;
                case JsonTokenType.False:
                    value = false;
                    return true;
                default:
                    string expected = presence == FieldPresence.Required ? "true or false" : "true, false or null";
                    rejected = Reject(index, LineRejectionCode.InvalidValue, $"{_table.Names[index]} must be {expected}, but is {Raw(index)}.");
                    return false;
            }
        }

        private readonly bool TryDate(int index, FieldPresence presence, out LocalDate? value, out EventLine rejected)
        {
            value = null;
            rejected = default;
            ref readonly FieldSlot slot = ref _slots[index];
            string name = _table.Names[index];
            if (!slot.Present)
            {
                if (presence == FieldPresence.Optional)
                {
                    return true;
                }

                rejected = Missing(index);
                return false;
            }

            if (slot.Kind == JsonTokenType.Null && presence != FieldPresence.Required)
            {
                return true;
            }

            if (slot.Kind != JsonTokenType.String)
            {
                string orNull = presence == FieldPresence.Required ? string.Empty : " or null";
                rejected = Reject(index, LineRejectionCode.InvalidValue, $"{name} must be a date string such as \"2026-05-03\"{orNull}, but is {Raw(index)}.");
                return false;
            }

            if (!slot.Escaped && IsoText.TryParseDateFast(Content(slot), out LocalDate fast))
            {
                value = fast;
                return true;
            }

            if (!TryText(slot, index, out string? text, out rejected))
            {
                return false;
            }

            if (EventLineRules.TryDate(_lineNumber, name, text!, Raw(index), out LocalDate parsed, out LineRejection? problem))
            {
                value = parsed;
                return true;
            }

            rejected = EventLine.Rejected(problem);
            return false;
        }

        private readonly bool TryZone(int index, FieldPresence presence, out DateTimeZone? zone, out EventLine rejected)
        {
            zone = null;
            rejected = default;
            ref readonly FieldSlot slot = ref _slots[index];
            string name = _table.Names[index];
            if (!slot.Present)
            {
                if (presence == FieldPresence.Optional)
                {
                    return true;
                }

                rejected = Missing(index);
                return false;
            }

            if (slot.Kind == JsonTokenType.Null && presence != FieldPresence.Required)
            {
                return true;
            }

            if (slot.Kind != JsonTokenType.String)
            {
                string orNull = presence == FieldPresence.Required ? string.Empty : " or null";
                rejected = Reject(index, LineRejectionCode.InvalidValue, $"{name} must be an IANA time zone id such as \"Europe/Berlin\"{orNull}, but is {Raw(index)}.");
                return false;
            }

            string? id;
            if (slot.Escaped)
            {
                if (!TryUnescape(slot, out id))
                {
                    rejected = InvalidEscape(index);
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

            rejected = EventLine.Rejected(EventLineRules.UnknownTimeZone(_lineNumber, name, Raw(index)));
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
        private readonly bool TryText(in FieldSlot slot, int index, out string? text, out EventLine rejected)
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

            rejected = InvalidEscape(index);
            return false;
        }

        private readonly ReadOnlySpan<byte> Token(in FieldSlot slot) => _line[slot.ValueStart..slot.ValueEnd];

        /// <summary>A string token's raw content, between its quotes.</summary>
        private readonly ReadOnlySpan<byte> Content(in FieldSlot slot) => _line[(slot.ValueStart + 1)..(slot.ValueEnd - 1)];

        /// <summary>The field's value as written in the line (JSON text), for a reason.</summary>
        private readonly string Raw(int index) => Excerpt(Token(_slots[index]));

        private readonly EventLine Missing(int index)
            => Reject(index, LineRejectionCode.MissingField, $"The required field \"{_table.Names[index]}\" is absent.");

        private readonly EventLine InvalidEscape(int index)
            => Reject(index, LineRejectionCode.InvalidValue, $"{_table.Names[index]} {Raw(index)} is not valid text: it has an unpaired surrogate \\u escape.");

        private readonly EventLine Reject(int index, LineRejectionCode code, string reason)
            => EventLine.Rejected(new LineRejection(_lineNumber, _table.Names[index], code, reason));
    }
}
