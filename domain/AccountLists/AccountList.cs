namespace JourneyFunctions.Domain.AccountLists;

/// <summary>An account list: static lists are edited by hand or by journey actions; smart lists fill themselves.</summary>
public sealed record AccountList(string Id, string Name, bool IsStatic, bool IsLive);
