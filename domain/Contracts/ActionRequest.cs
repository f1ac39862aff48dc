using System.Text.Json;

namespace JourneyFunctions.Domain.Contracts;

/// <summary>
/// Applies one action node to a group of accounts and, for people actions, to their people on the node's path:
/// all of an account's people, or inside a split by people only those listed in <see cref="People"/>.
/// </summary>
public sealed record ActionRequest(
    string RunId,
    string JourneyId,
    string NodeId,
    string Action,
    IReadOnlyDictionary<string, JsonElement>? Settings,
    IReadOnlyList<string> AccountIds,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? People = null);
