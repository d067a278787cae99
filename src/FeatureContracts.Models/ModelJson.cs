using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace FeatureContracts.Models;

/// <summary>The canonical JSON form of <see cref="LogisticRegressionModel"/>, written and read strictly.</summary>
internal static class ModelJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly string[] TopLevel = ["format_version", "model_type", "contract", "intercept", "slots", "training"];
    private static readonly string[] ContractProperties = ["name", "version", "fingerprint"];
    private static readonly string[] SlotProperties = ["name", "mean", "scale", "weight"];
    private static readonly string[] TrainingProperties =
        ["rows", "positive_rows", "epochs", "learning_rate", "l2", "final_loss", "data_snapshot", "data_sha256"];

    public static string Write(LogisticRegressionModel model)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteNumber("format_version", LogisticRegressionModel.CurrentFormatVersion);
            json.WriteString("model_type", LogisticRegressionModel.ModelType);
            json.WriteStartObject("contract");
            json.WriteString("name", model.Contract.Name);
            json.WriteNumber("version", model.Contract.Version);
            json.WriteString("fingerprint", model.Contract.Fingerprint);
            json.WriteEndObject();
            json.WriteNumber("intercept", model.Intercept);
            json.WriteStartArray("slots");
            foreach (ModelSlot slot in model.Slots)
            {
                json.WriteStartObject();
                json.WriteString("name", slot.Name);
                json.WriteNumber("mean", slot.Mean);
                json.WriteNumber("scale", slot.Scale);
                json.WriteNumber("weight", slot.Weight);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            TrainingMetadata t = model.Training;
            json.WriteStartObject("training");
            json.WriteNumber("rows", t.Rows);
            json.WriteNumber("positive_rows", t.PositiveRows);
            json.WriteNumber("epochs", t.Epochs);
            json.WriteNumber("learning_rate", t.LearningRate);
            json.WriteNumber("l2", t.L2);
            json.WriteNumber("final_loss", t.FinalLoss);
            WriteNullableString(json, "data_snapshot", t.DataSnapshot);
            WriteNullableString(json, "data_sha256", t.DataSha256);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    public static LogisticRegressionModel Read(string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException(
                string.Create(CultureInfo.InvariantCulture, $"Not a model file: invalid JSON at line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1} ({e.Message})."), e);
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            Object(root, "$", TopLevel);
            int format = Int32(Property(root, "$", "format_version"), "$.format_version");
            if (format != LogisticRegressionModel.CurrentFormatVersion)
            {
                throw Problem("$.format_version", string.Create(CultureInfo.InvariantCulture, $"format version {format} is not supported (expected {LogisticRegressionModel.CurrentFormatVersion})"));
            }

            string type = String(Property(root, "$", "model_type"), "$.model_type");
            if (!string.Equals(type, LogisticRegressionModel.ModelType, StringComparison.Ordinal))
            {
                throw Problem("$.model_type", $"model type '{type}' is not '{LogisticRegressionModel.ModelType}'");
            }

            JsonElement c = Property(root, "$", "contract");
            Object(c, "$.contract", ContractProperties);
            var contract = new ModelContract(
                NonEmpty(Property(c, "$.contract", "name"), "$.contract.name"),
                Int32(Property(c, "$.contract", "version"), "$.contract.version"),
                NonEmpty(Property(c, "$.contract", "fingerprint"), "$.contract.fingerprint"));
            if (contract.Version < 1)
            {
                throw Problem("$.contract.version", "the version must be positive");
            }

            double intercept = Finite(Property(root, "$", "intercept"), "$.intercept");

            JsonElement slotsElement = Property(root, "$", "slots");
            if (slotsElement.ValueKind != JsonValueKind.Array || slotsElement.GetArrayLength() == 0)
            {
                throw Problem("$.slots", "expected a non-empty array");
            }

            var slots = new List<ModelSlot>(slotsElement.GetArrayLength());
            var names = new HashSet<string>(StringComparer.Ordinal);
            int index = 0;
            foreach (JsonElement s in slotsElement.EnumerateArray())
            {
                string path = string.Create(CultureInfo.InvariantCulture, $"$.slots[{index}]");
                Object(s, path, SlotProperties);
                string name = NonEmpty(Property(s, path, "name"), path + ".name");
                if (!names.Add(name))
                {
                    throw Problem(path + ".name", $"slot '{name}' appears twice");
                }

                double scale = Finite(Property(s, path, "scale"), path + ".scale");
                if (scale <= 0)
                {
                    throw Problem(path + ".scale", "the scale must be positive");
                }

                slots.Add(new ModelSlot(name, Finite(Property(s, path, "mean"), path + ".mean"), scale, Finite(Property(s, path, "weight"), path + ".weight")));
                index++;
            }

            JsonElement t = Property(root, "$", "training");
            Object(t, "$.training", TrainingProperties);
            var training = new TrainingMetadata(
                NonNegative(Property(t, "$.training", "rows"), "$.training.rows"),
                NonNegative(Property(t, "$.training", "positive_rows"), "$.training.positive_rows"),
                Int32(Property(t, "$.training", "epochs"), "$.training.epochs"),
                Finite(Property(t, "$.training", "learning_rate"), "$.training.learning_rate"),
                Finite(Property(t, "$.training", "l2"), "$.training.l2"),
                Finite(Property(t, "$.training", "final_loss"), "$.training.final_loss"),
                NullableString(Property(t, "$.training", "data_snapshot"), "$.training.data_snapshot"),
                NullableString(Property(t, "$.training", "data_sha256"), "$.training.data_sha256"));

            return new LogisticRegressionModel(contract, slots, intercept, training);
        }
    }

    private static void WriteNullableString(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static InvalidDataException Problem(string path, string message) => new($"Invalid model file at {path}: {message}.");

    private static void Object(JsonElement element, string path, string[] allowed)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Problem(path, $"expected an object, found {Describe(element)}");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty property in element.EnumerateObject())
        {
            if (Array.IndexOf(allowed, property.Name) < 0)
            {
                throw Problem(path + "." + property.Name, "unknown property");
            }

            if (!seen.Add(property.Name))
            {
                throw Problem(path + "." + property.Name, "the property appears twice");
            }
        }

        foreach (string name in allowed)
        {
            if (!seen.Contains(name))
            {
                throw Problem(path + "." + name, "required property is missing");
            }
        }
    }

    private static JsonElement Property(JsonElement element, string path, string name)
        => element.TryGetProperty(name, out JsonElement value) ? value : throw Problem(path + "." + name, "required property is missing");

    private static string Describe(JsonElement element) => element.ValueKind.ToString().ToLowerInvariant();

    private static string String(JsonElement element, string path)
        => element.ValueKind == JsonValueKind.String ? element.GetString()! : throw Problem(path, $"expected a string, found {Describe(element)}");

    private static string NonEmpty(JsonElement element, string path)
    {
        string value = String(element, path);
        return string.IsNullOrWhiteSpace(value) ? throw Problem(path, "expected a non-empty string") : value;
    }

    private static string? NullableString(JsonElement element, string path)
        => element.ValueKind == JsonValueKind.Null ? null : String(element, path);

    private static double Finite(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out double value) || !double.IsFinite(value))
        {
            throw Problem(path, $"expected a finite number, found {Describe(element)}");
        }

        return value;
    }

    private static int Int32(JsonElement element, string path)
        => element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out int value)
            ? value
            : throw Problem(path, $"expected an integer, found {Describe(element)}");

    private static long NonNegative(JsonElement element, string path)
        => element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out long value) && value >= 0
            ? value
            : throw Problem(path, $"expected a non-negative integer, found {Describe(element)}");
}
