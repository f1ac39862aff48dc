using System.Diagnostics;
using System.Globalization;

namespace JourneyFunctions.Testing;

/// <summary>
/// The processor time the local host and Azurite have used, for benchmarks: on a machine of few cores the two share
/// it, so a phase can be no shorter than their processor time over the cores; and Azurite, one Node process, does its
/// work on one thread (its collector aside), so its time near the phase's means that thread was the bound.
/// </summary>
public static class CpuTime
{
    /// <summary>Both processes' processor time at one moment (null where a process is gone or unknown).</summary>
    public sealed record Sample(TimeSpan? Host, TimeSpan? Azurite);

    public static Sample Of(DevHostProcess host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return new Sample(host.ProcessorTime, PeakMemory.AzuritePid() is { } pid ? OfProcess(pid) : null);
    }

    /// <summary>User and system time of all the process's threads so far; null when the process is gone.</summary>
    public static TimeSpan? OfProcess(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.TotalProcessorTime;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>What each used between the samples, and the phase's time as a multiple of the shortest that allows.</summary>
    public static string Describe(Sample before, Sample after, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        if (after.Host - before.Host is not { } host || after.Azurite - before.Azurite is not { } azurite)
        {
            return "n/a (no /proc, or an Azurite that scripts/azurite.sh did not start)";
        }

        double floor = (host + azurite).TotalSeconds / Environment.ProcessorCount;
        return string.Create(CultureInfo.InvariantCulture,
            $"local host {host.TotalSeconds:F1} s, Azurite {azurite.TotalSeconds:F1} s ({azurite / elapsed:P0} of one core); on {Environment.ProcessorCount} cores at least {floor:F1} s, took {elapsed.TotalSeconds / floor:F2}x that");
    }
}
