using Spigo.Silo;

return await SiloApp.RunAsync(args, Console.Out, Console.Error);
