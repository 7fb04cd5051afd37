"""Names the demo's synthetic people are drawn from, by the language of their country, and the job
title of each professional category."""

from people.models import Person

SPANISH = (
    [
        "María", "Ana", "Lucía", "Carmen", "Gabriela", "Patricia", "Rosa", "Daniela", "Verónica",
        "Claudia", "Paola", "Andrea", "Lorena", "Mariela", "Silvia", "Natalia", "Carolina", "Sofía",
    ],
    [
        "José", "Luis", "Carlos", "Juan", "Jorge", "Miguel", "Andrés", "Diego", "Fernando",
        "Ricardo", "Javier", "Óscar", "Raúl", "Sergio", "Víctor", "Héctor", "Pablo", "Manuel",
        "Roberto", "Eduardo", "Alejandro", "Marco", "Julio", "Hugo",
    ],
    [
        "García", "Rodríguez", "Martínez", "López", "González", "Pérez", "Sánchez", "Ramírez",
        "Torres", "Flores", "Rivera", "Gómez", "Díaz", "Vargas", "Castro", "Romero", "Herrera",
        "Medina", "Aguilar", "Rojas", "Morales", "Ortiz", "Mendoza", "Quispe", "Mamani", "Chávez",
        "Ríos", "Vega", "Cruz", "Reyes", "Guzmán", "Salazar", "Paredes", "Benítez", "Acosta",
        "Núñez", "Cabrera", "Villalba", "Suárez", "Espinoza",
    ],
)  # fmt: skip
PORTUGUESE = (
    ["Ana", "Maria", "Fernanda", "Juliana", "Patrícia", "Carla", "Beatriz", "Luísa", "Mariana", "Rita"],
    [
        "João", "Carlos", "Paulo", "António", "José", "Pedro", "Rui", "Marcelo", "Ricardo",
        "Eduardo", "Bruno", "Nuno", "Sérgio", "Domingos", "Armando", "Mamadu",
    ],
    [
        "Silva", "Santos", "Oliveira", "Pereira", "Costa", "Ferreira", "Almeida", "Gomes", "Lopes",
        "Tavares", "Monteiro", "Fernandes", "Cardoso", "Semedo", "Mendes", "Fortes", "Barbosa",
        "Correia", "Baldé", "Embaló", "Sanhá", "Djaló",
    ],
)  # fmt: skip
NIGERIAN = (
    ["Ngozi", "Aisha", "Funmilayo", "Chiamaka", "Adaeze", "Halima", "Yetunde", "Bukola", "Zainab", "Amina"],
    [
        "Chukwuemeka", "Oluwaseun", "Ibrahim", "Abubakar", "Emeka", "Babatunde", "Musa", "Tunde",
        "Chinedu", "Yusuf", "Segun", "Ifeanyi", "Aliyu", "Obinna",
    ],
    [
        "Okafor", "Adeyemi", "Bello", "Eze", "Ogunleye", "Abdullahi", "Nwosu", "Adebayo", "Usman",
        "Okonkwo", "Balogun", "Mohammed", "Olawale", "Ibekwe", "Danjuma", "Akinola",
    ],
)  # fmt: skip
GHANAIAN = (
    ["Akosua", "Abena", "Ama", "Efua", "Adwoa", "Yaa", "Esi", "Afua", "Gifty", "Mercy", "Comfort"],
    ["Kwame", "Kofi", "Kwabena", "Yaw", "Kwaku", "Kojo", "Emmanuel", "Samuel", "Ebenezer", "Isaac"],
    [
        "Mensah", "Owusu", "Boateng", "Asante", "Osei", "Agyeman", "Appiah", "Ansah", "Darko",
        "Addo", "Amoah", "Quaye", "Tetteh", "Ofori", "Sarpong", "Acheampong",
    ],
)  # fmt: skip
NAMES_BY_COUNTRY = {
    "BR": PORTUGUESE,
    "CV": PORTUGUESE,
    "GW": PORTUGUESE,
    "NG": NIGERIAN,
    "GH": GHANAIAN,
}
TWO_SURNAMES = {"AR", "BO", "CO", "CR", "DO", "EC", "GT", "HN", "PA", "PE", "PY", "SV", "UY"}

JOB_TITLES = {
    Person.Category.POLICE: "Police officer",
    Person.Category.INVESTIGATOR: "Criminal investigator, anti-narcotics unit",
    Person.Category.CUSTOMS: "Customs officer, postal and courier control",
    Person.Category.FORENSIC: "Forensic chemist",
    Person.Category.PROSECUTOR: "Public prosecutor, drug trafficking unit",
    Person.Category.JUDGE: "Judge, criminal court",
    Person.Category.ANALYST: "Intelligence analyst",
    Person.Category.BORDER: "Border control officer",
}
