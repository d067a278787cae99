using System;
using System.IO;
using System.Linq;
using System.Text;
using FeatureContracts.Contracts;
using FeatureContracts.Serialization;
using static FeatureContracts.Tests.Toy;

namespace FeatureContracts.Tests.Serialization;

/// <summary>Contract files and other configuration are read as strict UTF-8: a byte that is not UTF-8 is refused with where it is, never replaced.</summary>
public sealed class StrictUtf8Tests
{
    /// <summary>The reference contract's JSON with the byte <c>0xFF</c> inside the vocabulary entry <c>northline</c>.</summary>
    private static byte[] ContractWithInvalidByte(out int line, out int byteInLine, out int offset)
    {
        byte[] json = Encoding.UTF8.GetBytes(ContractJson.Write(Reference().Build()));
        offset = json.AsSpan().IndexOf("northline"u8) + 5;
        line = 1 + json.AsSpan(0, offset).Count((byte)'\n');
        byteInLine = offset - json.AsSpan(0, offset).LastIndexOf((byte)'\n');
        return [.. json[..offset], 0xFF, .. json[offset..]];
    }

    [Fact]
    public void A_contract_whose_vocabulary_is_not_utf8_is_refused_naming_line_and_byte_not_read_as_another_word()
    {
        byte[] json = ContractWithInvalidByte(out int line, out int byteInLine, out int offset);

        Action read = () => ContractJson.Read(new MemoryStream(json), ToyCatalog.All);

        ContractProblem problem = read.Should().Throw<ContractDefinitionException>().Which.Problems.Single();
        (problem.Code, problem.Path).Should().Be((ContractProblemCode.InvalidJson, "$"));
        problem.Message.Should().Be(
            $"the file is not valid UTF-8 at line {line}, byte {byteInLine} (byte offset {offset}): the bytes 0xFF are not a UTF-8 character; the file must be UTF-8 throughout");
    }

    [Fact]
    public void A_contract_stream_may_start_with_a_byte_order_mark()
    {
        FeatureContract<ToyView> contract = Reference().Build();
        byte[] json = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(ContractJson.Write(contract))];

        ContractJson.Read(new MemoryStream(json), ToyCatalog.All).Fingerprint.Should().Be(contract.Fingerprint);
    }

    [Fact]
    public void Contract_text_with_an_unpaired_surrogate_is_refused_as_a_problem_not_thrown_as_an_encoding_error()
    {
        // Found by fuzzing: the JSON reader threw ArgumentException (EncoderFallbackException) for such text.
        string json = ContractJson.Write(Reference().Build()).Replace("northline", "north\uD800line", StringComparison.Ordinal);

        Action read = () => ToyCatalog.Read(json);

        ContractProblem problem = read.Should().Throw<ContractDefinitionException>().Which.Problems.Single();
        problem.Code.Should().Be(ContractProblemCode.InvalidJson);
        problem.Message.Should().MatchRegex(@"^the text is not valid Unicode at line \d+, character \d+: U\+D800 is half of a surrogate pair without its other half$");
    }

    [Fact]
    public void A_contract_string_with_an_unpaired_surrogate_escape_is_refused()
    {
        string json = ContractJson.Write(Reference().Build()).Replace("northline", "north\\ud800line", StringComparison.Ordinal);

        FluentActions.Invoking(() => ToyCatalog.Read(json)).Should().Throw<ContractDefinitionException>();
    }

    [Theory]
    [InlineData(new byte[] { 0x61, 0x0A, 0x62, 0xC3 }, 2, 2, 3)]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 }, 1, 1, 0)]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF, 0x61, 0xFE }, 1, 2, 1)]
    public void Decoding_refuses_invalid_utf8_naming_line_byte_and_offset(byte[] bytes, int line, int byteInLine, int offset)
        => FluentActions.Invoking(() => StrictUtf8.Decode(bytes))
            .Should().Throw<InvalidDataException>().WithMessage($"not valid UTF-8 at line {line}, byte {byteInLine} (byte offset {offset}):*");

    [Fact]
    public void Decoding_skips_a_byte_order_mark_and_keeps_every_character()
        => StrictUtf8.Decode([0xEF, 0xBB, 0xBF, .. "K\u00f6ln \uFFFD \U0001F4E6"u8]).Should().Be("K\u00f6ln \uFFFD \U0001F4E6");

    [Fact]
    public void Reading_a_file_names_the_file()
    {
        string path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllBytes(path, [0x7B, 0x80, 0x7D]);
        try
        {
            FluentActions.Invoking(() => StrictUtf8.ReadFile(path)).Should().Throw<InvalidDataException>().WithMessage($"{path}: not valid UTF-8 at line 1, byte 2*");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
