Console.WriteLine("Silo");
