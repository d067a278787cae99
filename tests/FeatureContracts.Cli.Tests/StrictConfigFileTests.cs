using System;
using System.IO;
using System.Linq;
using System.Text;
using FeatureContracts.Models;
using FeatureContracts.Shipments.Contract;
using FeatureContracts.Vectors;

namespace FeatureContracts.Cli.Tests;

/// <summary>A contract or model file that is not UTF-8 is refused naming where, never read with a replacement character.</summary>
public sealed class StrictConfigFileTests : CliTestBase
{
    /// <summary>Writes <paramref name="text"/> with the byte <c>0xFF</c> after the first <paramref name="after"/>; returns the path and the byte offset.</summary>
    private (string Path, int Offset) WriteWithInvalidByte(string name, string text, string after)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        int offset = bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(after)) + after.Length;
        string path = PathOf(name);
        File.WriteAllBytes(path, [.. bytes[..offset], 0xFF, .. bytes[offset..]]);
        return (path, offset);
    }

    [Fact]
    public void A_contract_file_whose_vocabulary_is_not_utf8_is_refused_naming_the_line_and_byte()
    {
        CliRun show = Run("contract", "show");
        (string path, int offset) = WriteWithInvalidByte("contract.json", show.Output, "\"north");
        string before = show.Output[..show.Output.IndexOf("\"north", StringComparison.Ordinal)];
        int line = before.Count(c => c == '\n') + 1;

        CliRun run = Run("contract", "show", "--contract", path);

        run.ExitCode.Should().Be(3, run.ToString());
        run.Output.Should().BeEmpty();
        run.Error.Should().Be($"error: {path}: not valid UTF-8 at line {line}, byte {offset - before.LastIndexOf('\n', before.Length - 1)} (byte offset {offset}): the bytes 0xFF are not a UTF-8 character; the file must be UTF-8 throughout\n");
    }

    [Fact]
    public void Diff_refuses_a_contract_file_that_is_not_utf8()
    {
        string good = PathOf("good.json");
        File.WriteAllText(good, Run("contract", "show").Output);
        (string bad, _) = WriteWithInvalidByte("bad.json", File.ReadAllText(good), "\"north");

        CliRun run = Run("diff", good, bad);

        run.ExitCode.Should().Be(3, run.ToString());
        run.Error.Should().Contain("not valid UTF-8 at line");
    }

    [Fact]
    public void A_model_file_that_is_not_utf8_is_refused()
    {
        FeatureVectorizer vectorizer = LateDeliveryContract.Vectorizer();
        var model = new LogisticRegressionModel(
            new ModelContract(LateDeliveryContract.Name, 1, LateDeliveryContract.V1.Fingerprint),
            vectorizer.Slots.Select(s => new ModelSlot(s.Name, 0, 1, 0)),
            -1,
            new TrainingMetadata(1, 0, 1, 0.1, 0, 0.7, null, null));
        (string path, _) = WriteWithInvalidByte("model.json", model.ToJson(), "\"logistic");
        string events = TestLogs.WriteO204Log(PathOf("o204.jsonl"));

        CliRun run = Run("score", "--events", events, "--model", path, "--order", "O-204", "--at", "2026-05-01T09:00:00Z");

        run.ExitCode.Should().Be(3, run.ToString());
        run.Error.Should().StartWith($"error: {path}: not valid UTF-8 at line");
    }
}
