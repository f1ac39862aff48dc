namespace JourneyFunctions.Domain.Contracts;

/// <summary>
/// Sweeps the sales buckets <paramref name="FirstBucket"/> to <paramref name="FirstBucket"/> + <paramref name="BucketCount"/> - 1
/// at the end of full-sync run <paramref name="RunId"/>, which started at <paramref name="RunStartedAt"/> (storage clock).
/// </summary>
public sealed record SalesSweepRequest(string RunId, DateTimeOffset RunStartedAt, int FirstBucket, int BucketCount);
