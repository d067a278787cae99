using System;
using System.Globalization;
using System.IO;
using FeatureContracts.Models;
using FeatureContracts.Shipments;
using FeatureContracts.Shipments.Contract;
using FeatureContracts.Vectors;
using NodaTime;

namespace DeliveryEta;

/// <summary>
/// Trains the built-in logistic regression on the export's earlier period and reports AUC on the later period,
/// which it never saw.
/// </summary>
internal static class TrainStep
{
    public static LogisticRegressionModel Run(string folder, Instant boundary)
    {
        FeatureVectorizer vectorizer = LateDeliveryContract.Vectorizer();
        TrainingSet all = TrainingData.ReadCsv(Path.Combine(folder, "rows.csv"), ShipmentTransform.LateDeliveryV1.Contract, vectorizer);
        var (earlier, later) = all.SplitAt(boundary);
        LogisticRegressionModel model = LogisticRegressionTrainer.Train(vectorizer, earlier.VectorsAndLabels());
        File.WriteAllText(Path.Combine(folder, "model.json"), model.ToJson());

        double trainAuc = BinaryMetrics.Auc(earlier.ScoreWith(model));
        var scoredLater = later.ScoreWith(model);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"trained {model.ModelId} on {earlier.Examples.Count} rows before {boundary} (AUC {trainAuc:0.000})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  on the {later.Examples.Count} later rows: AUC {BinaryMetrics.Auc(scoredLater):0.000}, log loss {BinaryMetrics.LogLoss(scoredLater):0.000}, accuracy {BinaryMetrics.Accuracy(scoredLater):0.000}"));
        foreach (ModelSlot slot in model.Slots)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  weight {slot.Name,-26} {slot.Weight,8:0.000}"));
        }

        return model;
    }
}
