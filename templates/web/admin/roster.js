Console.section("roster", { title: "调解员" });
