using JourneyFunctions.Domain.Actions;

// Rewrites the schema file named by the argument with its action part generated from the action registry.
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: JourneyFunctions.ActionSchema <path of journey.schema.json>");
    return 2;
}

string path = args[0];
string before = File.ReadAllText(path);
string after = ActionSchema.Update(before);
File.WriteAllText(path, after);
Console.WriteLine(before == after ? $"{path}: up to date" : $"{path}: action part written ({ActionCatalog.All.Count} actions)");
return 0;
