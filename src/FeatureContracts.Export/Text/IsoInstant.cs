using FeatureContracts.Export.Events;
using FeatureContracts.Rows;
using NodaTime;
using NodaTime.Text;

namespace FeatureContracts.Export.Text;

/// <summary>
/// The instants of the export's inputs, by the row codec's one rule (<see cref="RowCodec.ReadInstant"/>), with the
/// reject codes and phrases of the event and points readers.
/// </summary>
internal static class IsoInstant
{
    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="why"/> says why in a phrase.</summary>
    public static bool TryParse(string text, out Instant instant, out string? why)
    {
        System.ArgumentNullException.ThrowIfNull(text);
        bool parsed = TryParse(text, out instant, out LineRejectionCode failure);
        why = parsed ? null : Explain(failure);
        return parsed;
    }

    /// <summary>
    /// Formats an instant as ISO-8601 UTC with <c>Z</c> at full precision, e.g. <c>2026-05-01T09:00:00Z</c>: the row
    /// codec's text (<see cref="RowCodec.FormatInstant"/>).
    /// </summary>
    public static string Format(Instant instant) => RowCodec.FormatInstant(instant);

    internal static bool TryParse(string text, out Instant instant, out LineRejectionCode failure)
    {
        switch (IsoText.ParseInstant(text, out instant))
        {
            case InstantTextStatus.Valid:
                failure = default;
                return true;
            case InstantTextStatus.WithoutOffset:
                failure = LineRejectionCode.TimestampWithoutOffset;
                return false;
            default:
                failure = LineRejectionCode.InvalidTimestamp;
                return false;
        }
    }

    internal static string Explain(LineRejectionCode failure) => failure == LineRejectionCode.TimestampWithoutOffset
        ? "has no Z or offset, so it names no instant"
        : "is not an ISO-8601 instant with Z or an offset";
}
