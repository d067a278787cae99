using NodaTime;

namespace FeatureContracts.Export.Events;

/// <summary>
/// Limits and policies of an <see cref="EventLogReader"/>. Immutable; every property has a safe default. The
/// reader's constructor validates the values.
/// </summary>
public sealed class EventLogReaderOptions
{
    /// <summary>The largest allowed <see cref="MaxLineBytes"/>: 1 GiB.</summary>
    public const int MaxLineBytesLimit = 1 << 30;

    /// <summary>The largest allowed <see cref="MaxDepth"/>.</summary>
    public const int MaxDepthLimit = 1024;

    /// <summary>
    /// The longest line the reader parses, in bytes of UTF-8 after the line break (<c>\n</c> or <c>\r\n</c>) is
    /// removed. A longer line is rejected as <see cref="LineRejectionCode.LineTooLong"/> without being held in
    /// memory; the reader's memory is bounded by this value whatever the size of the log. Between 1 and
    /// <see cref="MaxLineBytesLimit"/>; default 65,536.
    /// </summary>
    public int MaxLineBytes { get; init; } = 65_536;

    /// <summary>
    /// The deepest nesting of JSON objects and arrays a line may have; the event object itself is level 1. A
    /// deeper line is rejected as <see cref="LineRejectionCode.TooDeep"/>. Between 1 and
    /// <see cref="MaxDepthLimit"/>; default 16.
    /// </summary>
    public int MaxDepth { get; init; } = 16;

    /// <summary>
    /// Whether a property the event type does not have is rejected as
    /// <see cref="LineRejectionCode.UnknownField"/>. Default <see langword="false"/>: such properties are ignored.
    /// </summary>
    public bool RejectUnknownFields { get; init; }

    /// <summary>
    /// Where the ids of time zone fields (a shipment's <c>destination_zone</c>) are resolved. Default
    /// <see cref="DateTimeZoneProviders.Tzdb"/>.
    /// </summary>
    public IDateTimeZoneProvider Zones { get; init; } = DateTimeZoneProviders.Tzdb;
}
