namespace Lakegate.Grains; public static class Placeholder { }
