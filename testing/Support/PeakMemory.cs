using System.Globalization;

namespace JourneyFunctions.Testing;

/// <summary>A process's peak resident memory so far (Linux's <c>VmHWM</c>), for benchmarks; null where /proc is absent.</summary>
public static class PeakMemory
{
    public static long? OfProcess(int pid)
    {
        string status = $"/proc/{pid}/status";
        if (!File.Exists(status))
        {
            return null;
        }

        string? line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? null : long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>The peak of the Azurite that <c>scripts/azurite.sh</c> started on <c>AZURITE_PORT_BASE</c>, if it did.</summary>
    public static long? OfAzurite() => AzuritePid() is { } pid ? OfProcess(pid) : null;

    /// <summary>The process id of the Azurite that <c>scripts/azurite.sh</c> started on <c>AZURITE_PORT_BASE</c>, if it did.</summary>
    public static int? AzuritePid()
    {
        string portBase = Environment.GetEnvironmentVariable("AZURITE_PORT_BASE") is { Length: > 0 } given ? given : "10000";
        string pidFile = Repository.File($".azurite/azurite-{portBase}.pid");
        return File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture, out int pid) ? pid : null;
    }

    /// <summary>Megabytes, or "n/a".</summary>
    public static string Describe(long? bytes) => bytes is { } b ? $"{b / (1024.0 * 1024):N0} MB" : "n/a";
}
