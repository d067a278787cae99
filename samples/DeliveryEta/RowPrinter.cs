using System;
using System.Linq;
using FeatureContracts.Rows;

namespace DeliveryEta;

/// <summary>Prints a row, or its rejection, one feature per line.</summary>
internal static class RowPrinter
{
    public static void Print(RowResult result)
    {
        if (!result.IsAccepted)
        {
            Console.WriteLine($"  {result.EntityId} at {result.PredictionInstant}: REJECTED");
            foreach (RowRejection rejection in result.Rejections)
            {
                Console.WriteLine($"    {rejection.Feature ?? "(row)"}: {rejection.Code} (attempted {rejection.AttemptedValue ?? "-"}): {rejection.Message}");
            }

            return;
        }

        FeatureRow row = result.Row;
        Console.WriteLine($"  {row.EntityId} at {row.PredictionInstant} (transform {row.TransformVersion})");
        var values = row.ColumnValues();
        for (int i = 0; i < row.Schema.Columns.Length; i++)
        {
            RowColumn column = row.Schema.Columns[i];
            string detail = column.Type == ColumnType.MissingIndicator ? string.Empty : Detail(row[column.Feature]);
            Console.WriteLine($"    {column.Name,-24} {values[i],-12} {detail}");
        }

        bool outcomeInRow = row.Lineage.Any(l => l.EventType is "delivered" or "complaint");
        Console.WriteLine($"    outcome fields in row: {(outcomeInRow ? "YES" : "none")}");
    }

    private static string Detail(FeatureCell cell)
    {
        string notes = cell.Notes == CellNotes.None ? string.Empty : $"[{cell.Notes}] ";
        string observed = cell.ObservedValue is null ? string.Empty : $"observed {cell.ObservedValue} ";
        string lineage = cell.Lineage.IsEmpty
            ? string.Empty
            : "from " + string.Join(", ", cell.Lineage.Select(l => $"{l.EventType} {l.EventId}"));
        string lag = cell.FreshnessLag is { } d ? $" (lag {d.TotalHours:0.##} h)" : string.Empty;
        return notes + observed + lineage + lag;
    }
}
