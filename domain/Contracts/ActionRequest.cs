using System.Text.Json;

namespace JourneyFunctions.Domain.Contracts;

/// <summary>Applies one action node to a group of accounts (and, for people actions, their people).</summary>
public sealed record ActionRequest(
    string RunId,
    string NodeId,
    string Action,
    IReadOnlyDictionary<string, JsonElement>? Settings,
    IReadOnlyList<string> AccountIds);
