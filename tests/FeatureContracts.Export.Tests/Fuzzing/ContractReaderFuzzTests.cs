using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using FeatureContracts.Contracts;
using FeatureContracts.Serialization;
using FeatureContracts.Shipments;
using FeatureContracts.Shipments.Contract;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace FeatureContracts.Export.Tests.Fuzzing;

/// <summary>
/// A contract file's bytes after mutations of the shipment contract's JSON, and what was done. When the mutation is one
/// whose meaning is known, <paramref name="Equivalent"/> is a file that says the same (the original, or the value the
/// mutation wrote in its canonical form): the file must then read as that one does, or be refused; with
/// <paramref name="MustBeRefused"/> it must be refused; with <paramref name="MustBeAccepted"/> (whitespace) it must read.
/// </summary>
public sealed record ContractFile(byte[] Bytes, string[] Mutations, byte[]? Equivalent = null, bool MustBeRefused = false, bool MustBeAccepted = false)
{
    public override string ToString() => $"[{string.Join("; ", Mutations)}]: {Encoding.UTF8.GetString(Bytes)}";
}

/// <summary>Mutations of a valid contract file.</summary>
public static class ContractFuzz
{
    /// <summary>The late-delivery contract as <c>contract show</c> writes it: the file users edit.</summary>
    public static readonly byte[] Original = Encoding.UTF8.GetBytes(ContractJson.Write(LateDeliveryContract.V1));

    private static readonly byte[][] Insertions =
    [
        "\""u8.ToArray(), "\n"u8.ToArray(), "\r\n"u8.ToArray(), [0], [0xFF], [0xC3], [0x80], [0xED, 0xA0, 0x80], [0xEF, 0xBB, 0xBF],
        "{"u8.ToArray(), "}"u8.ToArray(), "["u8.ToArray(), "]"u8.ToArray(), ","u8.ToArray(), ":"u8.ToArray(), "\\"u8.ToArray(),
        "\\ud800"u8.ToArray(), "\\u0000"u8.ToArray(), "null"u8.ToArray(), "1e999"u8.ToArray(), "NaN"u8.ToArray(), "//"u8.ToArray(),
    ];

    /// <summary>
    /// Values a number of the file is replaced by: not JSON numbers, numbers beyond a double, or numbers a double holds
    /// (huge, or with digits a double cannot keep), which must then read as exactly that double.
    /// </summary>
    private static readonly string[] NumberReplacements =
    [
        "NaN", "Infinity", "-Infinity", "1e999", "-1e999", "1e400", "123456789012345678901234567890", "99999999999", "-9223372036854775809",
        "0.1000000000000000055511151231257827", "4.9e-324", "1e-400", "-0", "\"NaN\"", "\"1\"", "true", "[]", "{}", "0x10", "+1", "01", "1.", ".5", "--1",
    ];

    private static Gen<(byte[] Bytes, string Description)> Mutation(byte[] bytes) => Gen.Frequency(
        (3, from at in Gen.Choose(0, bytes.Length)
            from insertion in Gen.Elements(Insertions)
            select ((byte[])[.. bytes[..at], .. insertion, .. bytes[at..]], $"insert {Convert.ToHexString(insertion)} at {at}")),
        (3, bytes.Length == 0 ? Gen.Constant((bytes, "none")) :
            from at in Gen.Choose(0, bytes.Length - 1)
            from bit in Gen.Choose(0, 7)
            select (Flip(bytes, at, bit), $"flip bit {bit} of byte {at}")),
        (1, from length in Gen.Choose(0, bytes.Length)
            select (bytes[..length], $"truncate to {length}")),
        (1, from at in Gen.Choose(0, bytes.Length)
            from count in Gen.Choose(1, 40)
            select ((byte[])[.. bytes[..at], .. bytes[Math.Min(bytes.Length, at + count)..]], $"delete {count} at {at}")),
        (1, from at in Gen.Choose(0, bytes.Length)
            from count in Gen.Choose(1, 80)
            let slice = bytes[at..Math.Min(bytes.Length, at + count)]
            select ((byte[])[.. bytes[..at], .. slice, .. bytes[at..]], $"duplicate {slice.Length} at {at}")));

    private static Gen<(byte[] Bytes, string[] Descriptions)> Mutate(byte[] bytes, int count)
        => count == 0
            ? Gen.Constant((bytes, Array.Empty<string>()))
            : from first in Mutation(bytes)
              from rest in Mutate(first.Bytes, count - 1)
              select (rest.Bytes, (string[])[first.Description, .. rest.Descriptions]);

    /// <summary>One to four mutations of any bytes of the file.</summary>
    public static Gen<ContractFile> Mutated { get; } =
        from count in Gen.Choose(1, 4)
        from mutated in Mutate(Original, count)
        select new ContractFile(mutated.Bytes, mutated.Descriptions);

    /// <summary>Where the file's string values and gaps between tokens are, in bytes, found by the JSON reader.</summary>
    private static readonly (int Start, int Length)[] Strings;
    private static readonly int[] Gaps;

    /// <summary>The JSON path of every number of the file, as property names and array indexes.</summary>
    private static readonly object[][] NumberPaths;

    static ContractFuzz()
    {
        var strings = new List<(int, int)>();
        var gaps = new List<int>();
        var reader = new Utf8JsonReader(Original);
        while (reader.Read())
        {
            int start = (int)reader.TokenStartIndex;
            int end = (int)reader.BytesConsumed;
            if (reader.TokenType == JsonTokenType.String)
            {
                strings.Add((start + 1, end - start - 2));
            }

            gaps.Add(end);
        }

        var numbers = new List<object[]>();
        CollectNumbers(JsonNode.Parse(Original)!, [], numbers);
        (Strings, Gaps, NumberPaths) = ([.. strings], [.. gaps], [.. numbers]);
    }

    /// <summary>
    /// Corruptions whose meaning is known: a number replaced (see <see cref="NumberReplacements"/>); a NUL, a raw
    /// control character, a bad escape, a bad UTF-8 sequence, an unescaped quote or a lone surrogate escape put into a
    /// string; whitespace added between tokens.
    /// </summary>
    public static Gen<ContractFile> Corrupted => Gen.Frequency(
        (2, from path in Gen.Elements(NumberPaths)
            from replacement in Gen.Elements(NumberReplacements)
            select ReplaceNumber(path, replacement)),
        (2, from text in Gen.Elements(Strings)
            from at in Gen.Choose(0, text.Length)
            from insertion in Gen.Elements("\u0000", "\"", "\\ud800", "\\udc00x", "\\x", "\n", "\t", "\u0001")
            select Splice(text.Start + at, Encoding.UTF8.GetBytes(insertion), $"string at {text.Start}: insert {JsonSerializer.Serialize(insertion)} at {at}", mustBeAccepted: false)),
        (1, from text in Gen.Elements(Strings)
            from at in Gen.Choose(0, text.Length)
            from bytes in Gen.Elements<byte[]>([0xFF], [0xC3], [0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF])
            select Splice(text.Start + at, bytes, $"string at {text.Start}: insert bytes {Convert.ToHexString(bytes)} at {at}", mustBeAccepted: false)),
        (1, from gap in Gen.Elements(Gaps)
            from space in Gen.Elements(" ", "\n", "\r\n", "\t", "   \n  ")
            select Splice(gap, Encoding.UTF8.GetBytes(space), $"whitespace at {gap}", mustBeAccepted: true)));

    private static void CollectNumbers(JsonNode node, object[] path, List<object[]> numbers)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (KeyValuePair<string, JsonNode?> property in o)
                {
                    if (property.Value is not null)
                    {
                        CollectNumbers(property.Value, [.. path, property.Key], numbers);
                    }
                }

                break;
            case JsonArray a:
                for (int i = 0; i < a.Count; i++)
                {
                    if (a[i] is { } item)
                    {
                        CollectNumbers(item, [.. path, i], numbers);
                    }
                }

                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.Number:
                numbers.Add(path);
                break;
        }
    }

    /// <summary>The original file with the number at <paramref name="path"/> written as <paramref name="raw"/> JSON text.</summary>
    private static byte[] WithNumber(object[] path, string raw)
    {
        JsonNode root = JsonNode.Parse(Original)!;
        JsonNode parent = root;
        foreach (object segment in path[..^1])
        {
            parent = segment is int i ? parent[i]! : parent[(string)segment]!;
        }

        const string Placeholder = "@@number@@";
        if (path[^1] is int index)
        {
            parent[index] = Placeholder;
        }
        else
        {
            parent[(string)path[^1]] = Placeholder;
        }

        return Encoding.UTF8.GetBytes(root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }).Replace($"\"{Placeholder}\"", raw, StringComparison.Ordinal));
    }

    private static ContractFile ReplaceNumber(object[] path, string replacement)
    {
        string where = "$." + string.Join('.', path);
        bool number = System.Text.RegularExpressions.Regex.IsMatch(replacement, @"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$");
        double value = number ? double.Parse(replacement, System.Globalization.CultureInfo.InvariantCulture) : double.NaN;
        string description = $"{where} := {replacement}";
        return number && double.IsFinite(value)
            ? new ContractFile(WithNumber(path, replacement), [description], Equivalent: WithNumber(path, value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))
            : new ContractFile(WithNumber(path, replacement), [description], MustBeRefused: true);
    }

    public static Arbitrary<ContractFile> MutatedArb() => Arb.From(Mutated);

    public static Arbitrary<ContractFile> CorruptedArb() => Arb.From(Corrupted);

    private static ContractFile Splice(int at, byte[] insert, string description, bool mustBeAccepted)
        => new([.. Original[..at], .. insert, .. Original[at..]], [description], Equivalent: Original, MustBeAccepted: mustBeAccepted);

    private static byte[] Flip(byte[] bytes, int at, int bit)
    {
        byte[] flipped = [.. bytes];
        flipped[at] ^= (byte)(1 << bit);
        return flipped;
    }
}

public static class MutatedContractFiles
{
    public static Arbitrary<ContractFile> Files() => ContractFuzz.MutatedArb();
}

public static class CorruptedContractFiles
{
    public static Arbitrary<ContractFile> Files() => ContractFuzz.CorruptedArb();
}

/// <summary>
/// Fuzzing of the contract reader (<see cref="ContractJson"/>, the path of <c>--contract FILE</c>): mutations of the
/// shipment contract's file. Each property runs a fixed number of cases from a committed seed (<c>Replay</c>);
/// <see cref="FuzzCampaign"/> runs them with fresh seeds and many more cases, locally.
/// </summary>
public sealed class ContractReaderFuzzTests
{
    /// <summary>Cases per property in CI.</summary>
    public const int Cases = 500;

    [Property(Arbitrary = [typeof(MutatedContractFiles)], MaxTest = Cases, Replay = "15943212215118668878,15159804349885454877")]
    public void A_mutated_contract_file_is_read_or_refused_with_a_ContractDefinitionException_and_nothing_else(ContractFile file)
        => ReadOrRefused(file);

    [Property(Arbitrary = [typeof(CorruptedContractFiles)], MaxTest = Cases, Replay = "16977148029349748568,2847597674096017869")]
    public void A_corrupted_value_is_refused_never_read_as_another_value(ContractFile file)
        => ReadOrRefused(file);

    /// <summary>
    /// The file, as a UTF-8 stream and as text, reads to a contract or is refused with
    /// <see cref="ContractDefinitionException"/>, never anything else; bytes that are not UTF-8 are always refused; a
    /// contract read is written and read back to the same fingerprint; a corrupted value is refused or the contract is
    /// the original.
    /// </summary>
    internal static void ReadOrRefused(ContractFile file)
    {
        FeatureContract? fromStream = ReadOrNull(() => ContractJson.Read(new MemoryStream(file.Bytes), ShipmentSources.Catalog), file);
        bool utf8 = StrictUtf8.IndexOfInvalid(file.Bytes) < 0;
        if (!utf8)
        {
            fromStream.Should().BeNull($"bytes that are not UTF-8 are refused: {file}");
        }

        // The text path: the bytes as lenient decoding makes them (the caller's choice), and with a lone surrogate added.
        string text = Encoding.UTF8.GetString(file.Bytes);
        FeatureContract? fromText = ReadOrNull(() => LateDeliveryContract.FromJson(text), file);
        if (utf8)
        {
            fromText?.Fingerprint.Should().Be(fromStream?.Fingerprint, file.ToString());
        }

        int at = text.Length / 2;
        ReadOrNull(() => LateDeliveryContract.FromJson(text[..at] + "\uD800" + text[at..]), file);

        if (fromStream is not null)
        {
            LateDeliveryContract.FromJson(ContractJson.Write(fromStream)).Fingerprint.Should().Be(fromStream.Fingerprint, file.ToString());
        }

        if (file.MustBeRefused)
        {
            fromStream.Should().BeNull($"the mutation cannot stand for a value: {file}");
        }

        if (file.MustBeAccepted)
        {
            fromStream.Should().NotBeNull($"whitespace between tokens changes nothing: {file}");
        }

        if (file.Equivalent is { } equivalent && fromStream is not null)
        {
            FeatureContract? expected = ReadOrNull(() => ContractJson.Read(new MemoryStream(equivalent), ShipmentSources.Catalog), file);
            expected.Should().NotBeNull($"what the mutation wrote is read only if the value it stands for is: {file}");
            fromStream.Fingerprint.Should().Be(expected!.Fingerprint, $"the file reads as the value it wrote, not another: {file}");
        }
    }

    private static FeatureContract? ReadOrNull(Func<FeatureContract> read, ContractFile file)
    {
        try
        {
            return read();
        }
        catch (ContractDefinitionException e)
        {
            e.Problems.Should().NotBeEmpty(file.ToString());
            e.Message.Should().NotBeNullOrWhiteSpace();
            return null;
        }
    }
}
