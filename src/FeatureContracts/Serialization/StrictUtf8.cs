using System;
using System.Globalization;
using System.IO;
using System.Text;

namespace FeatureContracts.Serialization;

/// <summary>
/// Strict UTF-8 decoding for the files the library and its tool read as configuration (contract files, model files,
/// manifests): a byte sequence that is not UTF-8 is refused with where it is, never replaced with U+FFFD. A replacement
/// would silently turn one text into another (a vocabulary entry into a category nobody declared), so it is never made.
/// </summary>
public static class StrictUtf8
{
    /// <summary>
    /// Decodes <paramref name="utf8"/>, skipping one leading byte order mark.
    /// </summary>
    /// <param name="utf8">The bytes.</param>
    /// <returns>The text.</returns>
    /// <exception cref="InvalidDataException">
    /// The bytes are not UTF-8; the message names the line (1-based), the byte in that line (1-based) and the byte offset
    /// in the input (0-based), and shows the offending bytes.
    /// </exception>
    public static string Decode(ReadOnlySpan<byte> utf8)
    {
        if (utf8.StartsWith("\uFEFF"u8))
        {
            utf8 = utf8[3..];
        }

        int invalid = IndexOfInvalid(utf8);
        if (invalid >= 0)
        {
            throw new InvalidDataException(Describe(utf8, invalid));
        }

        return Encoding.UTF8.GetString(utf8);
    }

    /// <summary>
    /// Reads the whole file at <paramref name="path"/> as strict UTF-8 (see <see cref="Decode"/>): the strict counterpart
    /// of <see cref="File.ReadAllText(string)"/>.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <returns>The text.</returns>
    /// <exception cref="InvalidDataException">The file is not UTF-8; the message names the file, line, byte and offset.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static string ReadFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        byte[] bytes = File.ReadAllBytes(path);
        try
        {
            return Decode(bytes);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>The offset of the first byte that does not begin a valid UTF-8 sequence, or -1 when all are valid.</summary>
    /// <param name="utf8">The bytes.</param>
    public static int IndexOfInvalid(ReadOnlySpan<byte> utf8)
    {
        if (System.Text.Unicode.Utf8.IsValid(utf8))
        {
            return -1;
        }

        int at = 0;
        while (at < utf8.Length)
        {
            if (Rune.DecodeFromUtf8(utf8[at..], out _, out int consumed) != System.Buffers.OperationStatus.Done)
            {
                return at;
            }

            at += consumed;
        }

        return -1;
    }

    /// <summary>Where the invalid sequence at <paramref name="offset"/> is, for a message.</summary>
    internal static string Describe(ReadOnlySpan<byte> utf8, int offset)
    {
        ReadOnlySpan<byte> before = utf8[..offset];
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < before.Length; i++)
        {
            if (before[i] == (byte)'\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        Rune.DecodeFromUtf8(utf8[offset..], out _, out int length);
        string bytes = Convert.ToHexString(utf8.Slice(offset, Math.Max(1, Math.Min(length, utf8.Length - offset))));
        return string.Create(
            CultureInfo.InvariantCulture,
            $"not valid UTF-8 at line {line}, byte {offset - lineStart + 1} (byte offset {offset}): the bytes 0x{bytes} are not a UTF-8 character; the file must be UTF-8 throughout");
    }
}
