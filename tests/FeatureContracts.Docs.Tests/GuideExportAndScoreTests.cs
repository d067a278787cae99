using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using FeatureContracts.Domains;
using FeatureContracts.Export;
using FeatureContracts.Export.Points;
using FeatureContracts.Export.Sinks;
using FeatureContracts.Models;
using FeatureContracts.Serving;
using FeatureContracts.Vectors;
using NodaTime;
using NodaTime.Testing;

namespace FeatureContracts.Docs.Tests;

/// <summary>The guide's domain, written against the core alone, goes through the library's exporter and scorer unchanged.</summary>
public sealed class GuideExportAndScoreTests : IDisposable
{
    private static readonly Instant Start = Instant.FromUtc(2026, 5, 1, 0, 0);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "fc-guide-" + Guid.NewGuid().ToString("N"));

    public GuideExportAndScoreTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task The_exporter_writes_ticket_rows_that_the_scorer_builds_again_online()
    {
        DomainEvent[] events = [.. Tickets()];
        string output = Path.Combine(_folder, "tickets.csv");
        ExportManifest manifest = await new TrainingExporter(TicketContract.Transform).ExportToFileAsync(
            EventSource.FromEvents(events),
            PointSource.FromSchedule(SchedulePolicy.AfterEntityKnown(Duration.FromHours(1), Duration.FromHours(20))),
            output,
            stream => RowSinks.Create("csv", stream),
            new ExportOptions { Snapshot = Start + Duration.FromDays(10) });

        string[] lines = File.ReadAllLines(output);
        lines[0].Should().Be("ticket_id,prediction_time,priority,replies_last_24h,hours_open,label");
        manifest.Statistics.Labels.PositiveClass.Should().Be("breached");
        manifest.Points.Exported.Should().BeGreaterThan(10);

        FeatureVectorizer vectorizer = FeatureVectorizer.For(TicketContract.V1).Build();
        TrainingSet training = TrainingData.ReadCsv(output, TicketContract.V1, vectorizer);
        LogisticRegressionModel model = LogisticRegressionTrainer.Train(vectorizer, training.VectorsAndLabels());
        var store = new HistoryStore(TicketDomain.Events);
        store.AppendRange(events.Reverse());
        var scorer = new OnlineScorer(store, TicketContract.Transform, vectorizer, model, new FakeClock(Start));
        foreach (TrainingExample example in training.Examples)
        {
            ScoreResult live = scorer.ScoreAt(example.EntityId, example.PredictionTime);
            live.IsScored.Should().BeTrue(live.RowResult.ToString());
            vectorizer.Vectorize(live.Row!).Should().Equal(example.Vector);
        }
    }

    private static System.Collections.Generic.IEnumerable<DomainEvent> Tickets()
    {
        string[] priorities = ["low", "normal", "high", "urgent", "vip"];
        for (int n = 0; n < 12; n++)
        {
            string id = $"T-{n:D2}";
            Instant opened = Start + Duration.FromHours(n * 7);
            yield return new TicketOpened(id, priorities[n % priorities.Length], opened, Id: id + "-open");
            for (int r = 1; r <= n % 4; r++)
            {
                yield return new AgentReplied(id, opened + Duration.FromHours(r * 3), Id: $"{id}-reply-{r}");
            }

            if (n % 3 != 0)
            {
                yield return new TicketResolved(id, opened + Duration.FromHours(10 + (n * 5)), Id: id + "-resolved");
            }
        }
    }
}
