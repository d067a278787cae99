using System;
using System.Globalization;
using FeatureContracts.CardFraud;
using FeatureContracts.CardFraud.Contract;
using FeatureContracts.Models;
using FeatureContracts.Parquet;
using FeatureContracts.Rows;
using FeatureContracts.Vectors;
using NodaTime;

namespace CardFraud;

/// <summary>
/// Reads the Parquet export back through the row codec's checks, trains the built-in logistic regression on the
/// authorizations requested before <c>boundary</c>, and reports AUC on those requested from then until <c>end</c>.
/// </summary>
internal static class TrainStep
{
    public static LogisticRegressionModel Run(string parquet, Instant boundary, Instant end)
    {
        FeatureVectorizer vectorizer = CardFraudContract.Vectorizer();
        TrainingSet all = TrainingData.FromRecords(ParquetTrainingReader.Read(parquet, RowLayout.For(CardFraudTransform.V1)), vectorizer);
        var (earlier, later) = all.SplitAt(boundary);
        TrainingSet test = later.Where(e => e.PredictionTime < end);
        LogisticRegressionModel model = LogisticRegressionTrainer.Train(vectorizer, earlier.VectorsAndLabels());

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"trained {model.ModelId} on {earlier.Examples.Count} rows before {boundary} (AUC {BinaryMetrics.Auc(earlier.ScoreWith(model)):0.000})"));
        var scored = test.ScoreWith(model);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  on the {test.Examples.Count} rows from then until {end}: AUC {BinaryMetrics.Auc(scored):0.000}, log loss {BinaryMetrics.LogLoss(scored):0.000}"));
        foreach (ModelSlot slot in model.Slots)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  weight {slot.Name,-40} {slot.Weight,8:0.000}"));
        }

        return model;
    }
}
