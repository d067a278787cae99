using System;
using System.IO;

namespace FeatureContracts.Export.IO;

/// <summary>Argument checks shared by everything that writes a file format to a caller's stream.</summary>
internal static class Streams
{
    /// <summary>Throws unless <paramref name="output"/> is a writable stream.</summary>
    public static void RequireWritable(Stream output, string paramName)
    {
        ArgumentNullException.ThrowIfNull(output, paramName);
        if (!output.CanWrite)
        {
            throw new ArgumentException("The output stream is not writable.", paramName);
        }
    }
}
