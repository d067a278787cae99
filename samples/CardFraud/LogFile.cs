using System.IO;
using System.Text;
using FeatureContracts.CardFraud;
using FeatureContracts.Domains;
using FeatureContracts.Export.Events;

namespace CardFraud;

/// <summary>Writes a generated log as JSON Lines in the card-payment schema, with its malformed lines spread through it.</summary>
internal static class LogFile
{
    public static string Write(string path, PaymentLog log)
    {
        using FileStream file = File.Create(path);
        using var writer = new EventLogWriter(CardFraudDomain.Instance.Schema, file, leaveOpen: true);
        int every = log.MalformedLines.Count == 0 ? int.MaxValue : (log.Events.Count / log.MalformedLines.Count) + 1;
        int malformed = 0;
        for (int i = 0; i < log.Events.Count; i++)
        {
            DomainEvent e = log.Events[i];
            writer.Write(e);
            if (i % every == every - 1 && malformed < log.MalformedLines.Count)
            {
                writer.Flush();
                file.Write(Encoding.UTF8.GetBytes(log.MalformedLines[malformed++] + "\n"));
            }
        }

        writer.Flush();
        while (malformed < log.MalformedLines.Count)
        {
            file.Write(Encoding.UTF8.GetBytes(log.MalformedLines[malformed++] + "\n"));
        }

        return path;
    }
}
