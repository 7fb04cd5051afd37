from django.shortcuts import redirect


def overview(request):
    return redirect("admin:index")
