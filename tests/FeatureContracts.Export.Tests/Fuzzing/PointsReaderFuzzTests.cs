using System.Collections.Generic;
using System.Linq;
using FeatureContracts.Export.Events;
using FeatureContracts.Export.Points;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace FeatureContracts.Export.Tests.Fuzzing;

public static class MutatedPointsFiles
{
    public static Arbitrary<PointsFile> Files() => PointsFuzz.MutatedArb();
}

public static class CorruptedPointsFiles
{
    public static Arbitrary<PointsFile> Files() => PointsFuzz.CorruptedArb();
}

public static class ValidPointsFiles
{
    public static Arbitrary<PointsFile> Files()
        => Arb.From(PointsFuzz.ValidFiles.Select(v => new PointsFile(v.Json, v.Points, v.Bytes, [], PointsReader.DefaultMaxRecordBytes, 3)));
}

/// <summary>
/// Fuzzing of the points reader: valid files (CSV and JSON Lines) mutated at random — bit flips, truncation, deleted
/// and duplicated runs, inserted quotes, line breaks, NUL, invalid UTF-8, byte order marks, JSON escapes — read with
/// small and default record limits through reads of one to seven bytes. Each property runs a fixed number of cases
/// from a committed seed (<c>Replay</c>), so CI runs the same cases every time; <see cref="FuzzCampaign"/> runs them
/// with fresh seeds and many more cases, locally.
/// </summary>
public sealed class PointsReaderFuzzTests
{
    /// <summary>Cases per property in CI.</summary>
    public const int Cases = 1000;

    /// <summary>Codes of a problem of the whole record, which has no one field to name.</summary>
    private static readonly LineRejectionCode[] WholeRecordCodes =
        [LineRejectionCode.LineTooLong, LineRejectionCode.EmptyLine, LineRejectionCode.MalformedJson, LineRejectionCode.NotAnObject];

    [Property(Arbitrary = [typeof(MutatedPointsFiles)], MaxTest = Cases, Replay = "17784583146986103752,1719232641536508193")]
    public void Every_record_of_a_mutated_file_gives_one_result_naming_its_line_and_nothing_else_is_thrown(PointsFile file)
        => EveryRecordGivesOneResult(file);

    [Property(Arbitrary = [typeof(CorruptedPointsFiles)], MaxTest = Cases, Replay = "9826350286668498046,9773286855711539269")]
    public void A_corrupted_time_or_entity_is_refused_never_read_as_another_point(PointsFile file)
        => CorruptionNeverGivesAnotherPoint(file);

    [Property(Arbitrary = [typeof(ValidPointsFiles)], MaxTest = Cases, Replay = "17846454120657891177,325917303857841059")]
    public void A_valid_file_reads_back_every_point_exactly_at_its_line(PointsFile file)
        => ValidFileReadsBack(file);

    /// <summary>
    /// One result per record (by the independent account of RFC 4180 or of JSON Lines), at the record's line; totals
    /// reconcile; a rejection names its line, a field unless the problem is the whole record's, and a reason; an
    /// overlong record is exactly one over the limit; every accepted point meets the rules; only a CSV header may refuse
    /// the whole file, and only with <see cref="System.IO.InvalidDataException"/>.
    /// </summary>
    internal static void EveryRecordGivesOneResult(PointsFile file)
    {
        PointsOutcome outcome = PointsFuzz.Read(file);
        List<(long Line, long Length)> records = file.Json
            ? [.. PointsFuzz.JsonLineLengths(file.Bytes).Select((length, i) => ((long)i + 1, length))]
            : [.. PointsFuzz.CsvRecords(file.Bytes).Skip(1)];
        if (outcome.Refused is not null)
        {
            outcome.Refused.Message.Should().StartWith("The points ", file.ToString());
            return;
        }

        List<PointLine> lines = outcome.Lines;
        lines.Select(l => l.LineNumber).Should().Equal(records.Select(r => r.Line), file.ToString());
        (lines.Count(l => l.Point is not null) + lines.Count(l => l.Rejection is not null)).Should().Be(records.Count, "accepted + rejected = records");
        for (int i = 0; i < lines.Count; i++)
        {
            PointLine line = lines[i];
            ((line.Point is null) != (line.Rejection is null)).Should().BeTrue(file.ToString());
            bool tooLong = records[i].Length > file.MaxRecordBytes;
            (line.Rejection?.Code == LineRejectionCode.LineTooLong).Should().Be(tooLong, "record {0} is {1} bytes long: {2}", i, records[i].Length, file);
            if (line.Rejection is { } rejection)
            {
                rejection.LineNumber.Should().Be(line.LineNumber);
                rejection.Reason.Should().NotBeNullOrWhiteSpace();
                if (!WholeRecordCodes.Contains(rejection.Code))
                {
                    rejection.Field.Should().NotBeNullOrEmpty($"a {rejection.Code} rejection names its field: {rejection}; {file}");
                }
            }
            else
            {
                PredictionPoint point = line.Point!;
                point.EntityId.Should().NotBeNullOrWhiteSpace();
                EventLineRules.PlausibleInstants.Contains(point.PredictionTime).Should().BeTrue(file.ToString());
                PointsReader.IsWholeMicroseconds(point.PredictionTime).Should().BeTrue(file.ToString());
            }
        }
    }

    /// <summary>Every point read from a file with one value corrupted is one of the file's points: a corruption is refused, never read as another value.</summary>
    internal static void CorruptionNeverGivesAnotherPoint(PointsFile file)
    {
        PointsOutcome outcome = PointsFuzz.Read(file);
        outcome.Refused.Should().BeNull(file.ToString());
        var remaining = file.Points.Select(p => (p.EntityId, p.Instant)).ToList();
        foreach (PredictionPoint point in outcome.Lines.Where(l => l.Point is not null).Select(l => l.Point!))
        {
            remaining.Remove((point.EntityId, point.PredictionTime)).Should().BeTrue($"{point} is not a point of the file: {file}");
        }

        int records = file.Json ? PointsFuzz.JsonLineLengths(file.Bytes).Count : PointsFuzz.CsvRecords(file.Bytes).Count - 1;
        outcome.Lines.Count.Should().Be(records, file.ToString());
        if (outcome.Lines.All(l => l.Rejection is null))
        {
            remaining.Should().BeEmpty("a corruption that is not refused reads as the same value: {0}", file);
        }
    }

    /// <summary>A valid file gives back every point, in order, at its record's line.</summary>
    internal static void ValidFileReadsBack(PointsFile file)
    {
        PointsOutcome outcome = PointsFuzz.Read(file);
        outcome.Refused.Should().BeNull(file.ToString());
        outcome.Lines.Should().NotContain(l => l.Rejection != null, file.ToString());
        outcome.Lines.Select(l => (l.Point!.EntityId, l.Point.PredictionTime)).Should().Equal(file.Points.Select(p => (p.EntityId, p.Instant)), file.ToString());
        List<long> lines = file.Json
            ? [.. Enumerable.Range(1, file.Points.Length).Select(n => (long)n)]
            : [.. PointsFuzz.CsvRecords(file.Bytes).Skip(1).Select(r => r.Line)];
        outcome.Lines.Select(l => l.LineNumber).Should().Equal(lines);
    }
}
