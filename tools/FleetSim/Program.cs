Console.WriteLine("FleetSim");
