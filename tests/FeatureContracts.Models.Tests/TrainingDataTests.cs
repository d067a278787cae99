using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using FeatureContracts.Contracts;
using FeatureContracts.Export;
using FeatureContracts.Export.Points;
using FeatureContracts.Export.Sinks;
using FeatureContracts.Parquet;
using FeatureContracts.Rows;
using FeatureContracts.Shipments;
using FeatureContracts.Shipments.Contract;
using FeatureContracts.Shipments.Events;
using FeatureContracts.Shipments.Histories;
using FeatureContracts.Shipments.Labels;
using FeatureContracts.Vectors;
using NodaTime;

namespace FeatureContracts.Models.Tests;

public sealed class TrainingDataTests : IDisposable
{
    private static readonly Instant Snapshot = Instant.FromUtc(2026, 5, 12, 0, 0);
    private readonly string _folder = Directory.CreateTempSubdirectory("fc-models-tests-").FullName;
    private readonly ShipmentScenario _scenario = new(orders: 200, seed: 17);
    private readonly FeatureVectorizer _vectorizer = LateDeliveryContract.Vectorizer();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    private async Task<(string Jsonl, string Csv, ExportManifest Manifest)> ExportBoth()
    {
        var exporter = new TrainingExporter(ShipmentTransform.LateDeliveryV1);
        var options = new ExportOptions { Snapshot = Snapshot };
        string jsonl = PathOf("rows.jsonl");
        string csv = PathOf("rows.csv");
        ExportManifest manifest = await exporter.ExportToFileAsync(
            EventSource.FromEvents(_scenario.Events), PointSource.FromPoints(_scenario.Points), jsonl, s => new JsonLinesRowSink(s), options);
        await exporter.ExportToFileAsync(
            EventSource.FromEvents(_scenario.Events), PointSource.FromPoints(_scenario.Points), csv, s => new CsvRowSink(s), options);
        return (jsonl, csv, manifest);
    }

    private TrainingSet ReadJsonl(string path) => TrainingData.ReadJsonLines(path, LateDeliveryContract.V1, _vectorizer);

    private TrainingSet ReadCsv(string path) => TrainingData.ReadCsv(path, LateDeliveryContract.V1, _vectorizer);

    private static string Key(string orderId, Instant at) => orderId + "|" + at.ToUnixTimeTicks();

    [Fact]
    public async Task Exported_json_lines_and_csv_read_back_to_the_vectors_of_the_transform_rows_bit_for_bit()
    {
        var (jsonlPath, csvPath, manifest) = await ExportBoth();
        TrainingSet jsonl = ReadJsonl(jsonlPath);
        TrainingSet csv = ReadCsv(csvPath);

        jsonl.Examples.Should().HaveCount((int)manifest.Points.Exported).And.HaveCountGreaterThan(100);
        csv.Examples.Should().HaveCount(jsonl.Examples.Count);
        for (int i = 0; i < jsonl.Examples.Count; i++)
        {
            TrainingExample a = jsonl.Examples[i];
            TrainingExample b = csv.Examples[i];
            (b.EntityId, b.PredictionTime, b.Label).Should().Be((a.EntityId, a.PredictionTime, a.Label));
            b.Vector.Select(BitConverter.DoubleToInt64Bits).Should().Equal(a.Vector.Select(BitConverter.DoubleToInt64Bits));
        }

        // The reference: the one transform called directly on each order's events as known at the snapshot.
        var known = _scenario.Events.Where(e => e.RecordedAt <= Snapshot).ToList();
        BacklogTimeline backlog = BacklogTimeline.Of(known.OfType<BacklogMeasured>());
        var expected = new Dictionary<string, List<(long[] Bits, bool Label)>>();
        foreach (PredictionPoint point in _scenario.Points)
        {
            ShipmentHistory history = ShipmentHistory.Of(point.EntityId, known.OfType<OrderEvent>().Where(e => e.OrderId == point.EntityId));
            RowResult result = ShipmentTransform.LateDeliveryV1.BuildRow(history, backlog, point.PredictionTime);
            if (result.IsAccepted && LateDeliveryLabel.At(history, Snapshot) is { IsKnown: true, IsLate: { } late })
            {
                string key = Key(point.EntityId, point.PredictionTime);
                if (!expected.TryGetValue(key, out var list))
                {
                    expected[key] = list = [];
                }

                list.Add((LateDeliveryContract.Vectorizer().Vectorize(result.Row).Select(BitConverter.DoubleToInt64Bits).ToArray(), late));
            }
        }

        expected.Values.Sum(l => l.Count).Should().Be(jsonl.Examples.Count);
        foreach (TrainingExample example in jsonl.Examples)
        {
            long[] bits = example.Vector.Select(BitConverter.DoubleToInt64Bits).ToArray();
            expected[Key(example.EntityId, example.PredictionTime)].Should().Contain(e => e.Bits.SequenceEqual(bits) && e.Label == example.Label);
        }

        jsonl.Examples.Should().Contain(e => e.Vector[3] == 1, "some rows have a missing origin backlog (indicator slot)");
        jsonl.Examples.Should().Contain(e => e.Vector[_vectorizer.Slots.Single(s => s.Name == "carrier=other").Index] == 1, "an unseen carrier maps to other");
    }

    [Fact]
    public async Task The_csv_json_lines_and_parquet_exports_of_the_same_rows_read_back_to_identical_training_sets()
    {
        var (jsonlPath, csvPath, manifest) = await ExportBoth();
        string parquetPath = PathOf("rows.parquet");
        await new TrainingExporter(ShipmentTransform.LateDeliveryV1).ExportToFileAsync(
            EventSource.FromEvents(_scenario.Events), PointSource.FromPoints(_scenario.Points), parquetPath, s => new ParquetRowSink(s), new ExportOptions { Snapshot = Snapshot });

        TrainingSet parquet = TrainingData.FromRecords(ParquetTrainingReader.Read(parquetPath, RowLayout.For(ShipmentTransform.LateDeliveryV1)), _vectorizer);
        TrainingSet[] others = [ReadCsv(csvPath), ReadJsonl(jsonlPath)];

        parquet.Examples.Should().HaveCount((int)manifest.Points.Exported).And.HaveCountGreaterThan(100);
        parquet.Sha256.Should().BeNull("the caller names the file it read, if it wants to");
        foreach (TrainingSet other in others)
        {
            other.Examples.Should().HaveCount(parquet.Examples.Count);
            for (int i = 0; i < parquet.Examples.Count; i++)
            {
                TrainingExample a = parquet.Examples[i];
                TrainingExample b = other.Examples[i];
                (b.EntityId, b.PredictionTime, b.Label).Should().Be((a.EntityId, a.PredictionTime, a.Label));
                b.Vector.Select(BitConverter.DoubleToInt64Bits).Should().Equal(a.Vector.Select(BitConverter.DoubleToInt64Bits));
            }
        }

        parquet.Examples.Should().Contain(e => e.Vector[3] == 1, "some rows have a missing origin backlog (indicator slot)");
        parquet.Examples.Should().Contain(e => e.Label).And.Contain(e => !e.Label);
    }

    [Fact]
    public void Records_become_the_vectorizers_vectors_in_order_with_the_digest_given()
    {
        FeatureValue[] values = [FeatureValue.Numeric(620), FeatureValue.Numeric(8), FeatureValue.Missing(FeatureKind.Numeric), FeatureValue.Categorical("northline"), FeatureValue.Bool(false)];
        TrainingRecord[] records =
        [
            new("O-1", Instant.FromUtc(2026, 5, 1, 9, 0), [.. values], label: true),
            new("O-2", Instant.FromUtc(2026, 5, 1, 10, 0), [.. values.Select((v, i) => i == 0 ? FeatureValue.Numeric(12.5) : v)], label: false),
        ];

        TrainingSet set = TrainingData.FromRecords(records, _vectorizer, sha256: "abc123");

        set.Examples.Select(e => (e.EntityId, e.PredictionTime, e.Label)).Should().Equal(records.Select(r => (r.EntityId, r.PredictionTime, r.Label)));
        for (int i = 0; i < records.Length; i++)
        {
            var expected = new double[_vectorizer.Length];
            _vectorizer.Vectorize(records[i].Values.AsSpan(), expected);
            set.Examples[i].Vector.Should().Equal(expected);
        }

        set.Examples[1].Vector[0].Should().Be(12.5);
        set.Sha256.Should().Be("abc123");
        set.Vectorizer.Should().BeSameAs(_vectorizer);
    }

    [Fact]
    public void A_record_that_does_not_follow_the_vectorizers_contract_is_refused_naming_it()
    {
        TrainingRecord[] records =
        [
            new("O-7", Instant.FromUtc(2026, 5, 1, 9, 0), [FeatureValue.Numeric(620), FeatureValue.Categorical("northline")], label: true),
        ];

        FluentActions.Invoking(() => TrainingData.FromRecords(records, _vectorizer)).Should().Throw<ArgumentException>()
            .WithMessage("Record 1 (O-7@2026-05-01T09:00:00Z) does not follow contract late_delivery v1 of the vectorizer: *5 features; 2 values*");
    }

    [Fact]
    public async Task A_model_trains_on_its_own_export_and_is_scored_on_a_later_period()
    {
        var (jsonlPath, csvPath, manifest) = await ExportBoth();
        TrainingSet all = ReadJsonl(jsonlPath);
        all.Sha256.Should().Be(manifest.Outputs.Single().Sha256);
        var (earlier, later) = all.SplitAt(Instant.FromUtc(2026, 5, 5, 0, 0));
        earlier.Examples.Should().NotBeEmpty().And.OnlyContain(e => e.PredictionTime < Instant.FromUtc(2026, 5, 5, 0, 0));
        later.Examples.Should().NotBeEmpty().And.OnlyContain(e => e.PredictionTime >= Instant.FromUtc(2026, 5, 5, 0, 0));

        var options = new LogisticRegressionOptions { DataSnapshot = manifest.Snapshot };
        LogisticRegressionModel model = LogisticRegressionTrainer.Train(earlier, options);
        model.Training.DataSha256.Should().Be(all.Sha256);
        model.Training.DataSnapshot.Should().Be(manifest.Snapshot);
        model.Training.Rows.Should().Be(earlier.Examples.Count);
        model.ValidateFor(_vectorizer);

        double auc = BinaryMetrics.Auc(later.ScoreWith(model));
        auc.Should().BeGreaterThan(0.6, "lateness in the scenario grows with distance");

        // The CSV export trains the same model bit for bit (same rows, same order; only the digest differs).
        LogisticRegressionModel fromCsv = LogisticRegressionTrainer.Train(ReadCsv(csvPath).SplitAt(Instant.FromUtc(2026, 5, 5, 0, 0)).Before, options with { DataSha256 = all.Sha256 });
        fromCsv.ToJson().Should().Be(model.ToJson());
    }

    [Fact]
    public async Task ScoreWith_refuses_a_model_of_another_contract_fingerprint()
    {
        var (jsonlPath, _, _) = await ExportBoth();
        TrainingSet set = ReadJsonl(jsonlPath);
        LogisticRegressionModel trained = LogisticRegressionTrainer.Train(set, new LogisticRegressionOptions { Epochs = 5 });
        var other = new LogisticRegressionModel(trained.Contract with { Fingerprint = "0123abcd" }, trained.Slots, trained.Intercept, trained.Training);
        Action act = () => set.ScoreWith(other);
        act.Should().Throw<ArgumentException>().WithMessage($"*0123abcd*{LateDeliveryContract.V1.Fingerprint}*");
    }

    private string WriteJsonl(params string[] lines)
    {
        string path = PathOf("bad.jsonl");
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        return path;
    }

    private const string GoodLine =
        """{"order_id":"O-1","prediction_time":"2026-05-01T09:00:00Z","distance_km":620,"hours_since_last_scan":8,"origin_backlog":null,"carrier":"northline","expedited":false,"origin_backlog_missing":1,"label":1}""";

    [Fact]
    public void A_hand_written_json_lines_row_reads_into_its_vector()
    {
        TrainingSet set = ReadJsonl(WriteJsonl(GoodLine));
        TrainingExample row = set.Examples.Single();
        row.EntityId.Should().Be("O-1");
        row.PredictionTime.Should().Be(Instant.FromUtc(2026, 5, 1, 9, 0));
        row.Label.Should().BeTrue();
        _vectorizer.Slots.Select(s => s.Name).Zip(row.Vector).Where(p => p.Second != 0).Select(p => p.First)
            .Should().Equal("distance_km", "hours_since_last_scan", "origin_backlog_missing", "carrier=northline");
    }

    [Theory]
    [InlineData("\"carrier\":\"northline\"", "\"carrier\":\"pigeon\"", "carrier", "unknown category 'pigeon'")]
    [InlineData("\"distance_km\":620", "\"distance_km\":\"far\"", "distance_km", "not a finite number")]
    [InlineData("\"distance_km\":620", "\"distance_km\":null", "distance_km", "never leaves 'distance_km' missing")]
    [InlineData("\"distance_km\":620", "\"distance_km\":0.01", "distance_km", "outside the contract's range")]
    [InlineData("\"origin_backlog_missing\":1", "\"origin_backlog_missing\":0", "origin_backlog_missing", "feature 'origin_backlog' is missing")]
    [InlineData("\"label\":1", "\"label\":2", "label", "not 0 or 1")]
    [InlineData("\"expedited\":false", "\"expedited\":\"no\"", "expedited", "not a boolean")]
    [InlineData("\"prediction_time\":\"2026-05-01T09:00:00Z\"", "\"prediction_time\":\"2026-05-01T09:00:00\"", "prediction_time", "ISO-8601")]
    [InlineData(",\"label\":1", ",\"label\":1,\"eta\":3", "eta", "not a column")]
    [InlineData(",\"label\":1", "", "label", "is absent")]
    public void A_json_lines_row_that_does_not_follow_the_contract_is_refused_naming_line_and_column(string find, string replace, string column, string reason)
    {
        string path = WriteJsonl(GoodLine, GoodLine.Replace(find, replace, StringComparison.Ordinal));
        Action act = () => ReadJsonl(path);
        act.Should().Throw<InvalidDataException>().WithMessage($"*line 2, column '{column}'*{reason}*");
    }

    private string WriteCsv(params string[] lines)
    {
        string path = PathOf("bad.csv");
        File.WriteAllText(path, string.Join("\r\n", lines) + "\r\n");
        return path;
    }

    private const string Header = "order_id,prediction_time,distance_km,hours_since_last_scan,origin_backlog,carrier,expedited,origin_backlog_missing,label";
    private const string GoodRecord = "O-1,2026-05-01T09:00:00Z,620,8,,northline,false,1,1";

    [Fact]
    public void A_hand_written_csv_record_reads_like_the_same_json_lines_row()
    {
        TrainingExample csv = ReadCsv(WriteCsv(Header, GoodRecord)).Examples.Single();
        TrainingExample jsonl = ReadJsonl(WriteJsonl(GoodLine)).Examples.Single();
        csv.Vector.Should().Equal(jsonl.Vector);
        (csv.EntityId, csv.PredictionTime, csv.Label).Should().Be((jsonl.EntityId, jsonl.PredictionTime, jsonl.Label));
    }

    [Fact]
    public void A_csv_header_that_is_not_the_contracts_columns_is_refused()
    {
        string path = WriteCsv(Header.Replace("carrier", "courier", StringComparison.Ordinal), GoodRecord);
        Action act = () => ReadCsv(path);
        act.Should().Throw<InvalidDataException>().WithMessage("*line 1, column 'header column 6'*expected 'carrier', found 'courier'*");
    }

    [Theory]
    [InlineData(",northline,", ",pigeon,", "carrier", "unknown category 'pigeon'")]
    [InlineData(",620,", ",6x0,", "distance_km", "not a finite number")]
    [InlineData(",620,", ",NaN,", "distance_km", "not a finite number")]
    [InlineData(",620,", ",,", "distance_km", "missing")]
    [InlineData(",northline,", ",\"\",", "carrier", "unknown category ''")]
    [InlineData(",false,1,1", ",false,1,yes", "label", "not 0 or 1")]
    public void A_csv_record_that_does_not_follow_the_contract_is_refused_naming_line_and_column(string find, string replace, string column, string reason)
    {
        string path = WriteCsv(Header, GoodRecord, GoodRecord.Replace(find, replace, StringComparison.Ordinal));
        Action act = () => ReadCsv(path);
        act.Should().Throw<InvalidDataException>().WithMessage($"*line 3, column '{column}'*{reason}*");
    }

    [Fact]
    public void A_csv_record_with_the_wrong_number_of_fields_is_refused_naming_the_line()
    {
        string path = WriteCsv(Header, GoodRecord + ",extra");
        Action act = () => ReadCsv(path);
        act.Should().Throw<InvalidDataException>().WithMessage("*line 2*10 fields*9*");
    }

    // ---- prediction instants at full precision -----------------------------------------------------------------

    [Fact]
    public async Task Exported_prediction_times_finer_than_a_second_read_back_exactly()
    {
        // A prediction instant is a whole number of microseconds in every output format (finer points are rejected).
        Duration fraction = Duration.FromTicks(9_486_880);
        var points = _scenario.Points.Select(p => new PredictionPoint(p.EntityId, p.PredictionTime + fraction)).ToList();
        var exporter = new TrainingExporter(ShipmentTransform.LateDeliveryV1);
        var options = new ExportOptions { Snapshot = Snapshot };
        string jsonl = PathOf("fine.jsonl");
        string csv = PathOf("fine.csv");
        await exporter.ExportToFileAsync(EventSource.FromEvents(_scenario.Events), PointSource.FromPoints(points), jsonl, s => new JsonLinesRowSink(s), options);
        await exporter.ExportToFileAsync(EventSource.FromEvents(_scenario.Events), PointSource.FromPoints(points), csv, s => new CsvRowSink(s), options);
        File.ReadLines(csv).Skip(1).First().Should().Contain(".948688Z");

        var exported = points.Select(p => Key(p.EntityId, p.PredictionTime)).ToHashSet();
        foreach (TrainingSet set in new[] { ReadJsonl(jsonl), ReadCsv(csv) })
        {
            set.Examples.Should().HaveCountGreaterThan(100);
            set.Examples.Should().OnlyContain(e => (e.PredictionTime - Instant.FromUnixTimeSeconds(e.PredictionTime.ToUnixTimeSeconds())) == fraction);
            set.Examples.Select(e => Key(e.EntityId, e.PredictionTime)).Should().OnlyContain(k => exported.Contains(k));
        }
    }

    [Fact]
    public void A_hand_written_prediction_time_with_nanoseconds_is_read_exactly_from_both_formats()
    {
        Instant expected = Instant.FromUtc(2026, 5, 1, 9, 0) + Duration.FromNanoseconds(948_688_928);
        string jsonl = WriteJsonl(GoodLine.Replace("09:00:00Z", "09:00:00.948688928Z", StringComparison.Ordinal));
        string csv = WriteCsv(Header, GoodRecord.Replace("09:00:00Z", "09:00:00.948688928Z", StringComparison.Ordinal));

        ReadJsonl(jsonl).Examples.Single().PredictionTime.Should().Be(expected);
        ReadCsv(csv).Examples.Single().PredictionTime.Should().Be(expected);
    }

    [Fact]
    public void A_prediction_time_with_an_offset_reads_as_its_instant()
        => ReadJsonl(WriteJsonl(GoodLine.Replace("09:00:00Z", "11:00:00.5+02:00", StringComparison.Ordinal))).Examples.Single().PredictionTime
            .Should().Be(Instant.FromUtc(2026, 5, 1, 9, 0) + Duration.FromMilliseconds(500));

    // ---- the entity id column ----------------------------------------------------------------------------------

    [Fact]
    public void The_entity_id_column_is_the_csv_headers_first_column()
    {
        TrainingExample row = ReadCsv(WriteCsv(Header.Replace("order_id", "shipment_id", StringComparison.Ordinal), GoodRecord)).Examples.Single();

        row.EntityId.Should().Be("O-1");
    }

    [Fact]
    public void The_entity_id_column_is_the_first_property_of_the_first_json_lines_row()
    {
        string line = GoodLine.Replace("order_id", "shipment_id", StringComparison.Ordinal);
        ReadJsonl(WriteJsonl(line, line)).Examples.Select(e => e.EntityId).Should().Equal("O-1", "O-1");

        Action mixed = () => ReadJsonl(WriteJsonl(line, GoodLine));
        mixed.Should().Throw<InvalidDataException>().WithMessage("*line 2, column 'order_id'*is not a column of contract late_delivery v1*");
    }

    [Fact]
    public void A_caller_names_the_entity_id_column_and_then_json_lines_properties_may_come_in_any_order()
    {
        string line = """{"label":1,"card_id":"C-9","prediction_time":"2026-05-01T09:00:00Z","distance_km":620,"hours_since_last_scan":8,"origin_backlog":null,"carrier":"northline","expedited":false,"origin_backlog_missing":1}""";

        TrainingData.ReadJsonLines(WriteJsonl(line), LateDeliveryContract.V1, _vectorizer, "card_id").Examples.Single().EntityId.Should().Be("C-9");
        TrainingData.ReadCsv(WriteCsv(Header.Replace("order_id", "card_id", StringComparison.Ordinal), GoodRecord), LateDeliveryContract.V1, _vectorizer, "card_id")
            .Examples.Single().EntityId.Should().Be("O-1");
        Action wrong = () => TrainingData.ReadCsv(WriteCsv(Header, GoodRecord), LateDeliveryContract.V1, _vectorizer, "card_id");
        wrong.Should().Throw<InvalidDataException>().WithMessage("*line 1, column 'header column 1'*expected 'card_id', found 'order_id'*");
    }

    [Fact]
    public void A_file_whose_first_column_is_not_an_entity_id_is_refused_naming_it()
    {
        string header = Header.Replace("order_id,prediction_time", "prediction_time,order_id", StringComparison.Ordinal);
        Action csv = () => ReadCsv(WriteCsv(header, GoodRecord));
        csv.Should().Throw<InvalidDataException>().WithMessage("*line 1, column 'prediction_time': comes first, where the entity id column (such as 'order_id') belongs*");

        Action jsonl = () => ReadJsonl(WriteJsonl("""{"label":1}"""));
        jsonl.Should().Throw<InvalidDataException>().WithMessage("*line 1, column 'label': comes first*");

        Action notObject = () => ReadJsonl(WriteJsonl("[1]"));
        notObject.Should().Throw<InvalidDataException>().WithMessage("*line 1, column 'line': is not a JSON object whose first property is the entity id column*");
    }

    [Fact]
    public void Malformed_csv_quoting_is_refused_naming_the_file_and_line()
    {
        string path = WriteCsv(Header, GoodRecord, "\"O-2,2026");
        Action act = () => ReadCsv(path);
        act.Should().Throw<InvalidDataException>().WithMessage($"{path}, line 3, column 'order_id': The quoted field opened at line 3 is not closed before the end of the input.");
    }

    [Fact]
    public void A_csv_field_that_is_not_utf8_is_refused_naming_line_and_column()
    {
        string path = PathOf("bytes.csv");
        File.WriteAllBytes(path, [.. Encoding.UTF8.GetBytes(Header + "\r\nO-1,2026-05-01T09:00:00Z,620,8,,north"), 0xFF, .. ",false,1,1\r\n"u8]);

        Action act = () => ReadCsv(path);

        act.Should().Throw<InvalidDataException>().WithMessage($"{path}, line 2, column 'carrier': The field is not valid UTF-8: the byte 0xFF at byte 6 of the field*");
    }

    [Fact]
    public void Reading_refuses_a_vectorizer_of_another_contract_naming_both_fingerprints()
    {
        FeatureVectorizer other = FeatureVectorizer.For(LateDeliveryContract.FromJson(
            Serialization.ContractJson.Write(LateDeliveryContract.V1).Replace("northline", "northline2", StringComparison.Ordinal))).ImputeMissing("origin_backlog", 0).Build();
        Action act = () => TrainingData.ReadJsonLines(WriteJsonl(GoodLine), LateDeliveryContract.V1, other);
        act.Should().Throw<ArgumentException>().WithMessage($"*{other.ContractFingerprint}*{LateDeliveryContract.V1.Fingerprint}*");
    }
}
