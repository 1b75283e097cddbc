namespace Lakegate.Grains.Interfaces; public static class Placeholder { }
